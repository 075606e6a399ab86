"""Lives under a second: module-level code calls main, which burns CPU in burn() for about 0.4 s
of thread time, then exits. What a launched profile must show: <module> -> main -> burn."""
import time


def burn(seconds):
    total = 0
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        for i in range(1000):
            total += i % 7
    return total


def main():
    burn(0.4)


main()
