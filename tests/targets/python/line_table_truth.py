"""Prints, for a few functions of varied shape, each code object's location table with the line
of every instruction as CPython itself tells: from co_lines() and from frame.f_lineno while the
function runs under an opcode tracer. A reader of co_linetable is checked against both.

Output, one record per line:
  code FIRST_LINE HEX_TABLE
  line INSTRUCTION LINE      (co_lines(), instructions with a location)
  traced INSTRUCTION LINE    (f_lineno at an opcode event)
"""
import sys


def straight(n):
    total = 0
    total += n
    total *= 2
    return total


def loop(n):
    total = 0
    for i in range(n):
        if i % 3 == 0:
            total += i
        else:
            total -= 1
    while total > 10:
        total //= 2
    return total


def spans_lines(values):
    result = [
        value * 2
        for value in values
        if value
    ]
    mapping = {
        "a": len(result),
        "b": sum(
            result
        ),
    }
    return mapping


def handles(n):
    try:
        if n > 1:
            raise ValueError(n)
        return n
    except ValueError as error:
        text = str(error)
        return len(text)
    finally:
        n += 1


def far_lines(n):
    x = n






























    y = x + 1
    return y


class Holder:
    def method(self, n):
        return [straight(i) for i in range(n)]


FUNCTIONS = [straight, loop, spans_lines, handles, far_lines, Holder.method]


def code_objects(code):
    yield code
    for const in code.co_consts:
        if hasattr(const, "co_linetable"):
            yield from code_objects(const)


traced = {}


def tracer(frame, event, arg):
    frame.f_trace_opcodes = True
    if event == "opcode":
        traced.setdefault(frame.f_code, []).append((frame.f_lasti // 2, frame.f_lineno))
    return tracer


# 3.12 turns opcode events on at settrace only once some frame has asked for them.
sys._getframe().f_trace_opcodes = True
sys.settrace(tracer)
straight(3)
loop(20)
spans_lines([0, 1, 2])
handles(1)
handles(5)
far_lines(1)
Holder().method(3)
sys.settrace(None)

for function in FUNCTIONS:
    for code in code_objects(function.__code__):
        print("code", code.co_firstlineno, code.co_linetable.hex() or "-")
        for start, end, line in code.co_lines():
            if line is None:
                continue
            for offset in range(start, end, 2):
                print("line", offset // 2, line)
        for instruction, line in traced.get(code, []):
            if line is not None:
                print("traced", instruction, line)
