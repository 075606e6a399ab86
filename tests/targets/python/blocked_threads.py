"""Threads that wait, each in its own Python function: nap() sleeps in short naps,
wait_for_lock() blocks on a threading.Lock the main thread holds 50 ms at a time (so its waits
end, and are counted, all along), receive() blocks in socket.recv on a socket nobody writes to.
Prints its PID once all three are running, then runs until killed."""
import os
import socket
import threading
import time

held = threading.Lock()
ready = threading.Barrier(4)


def nap():
    ready.wait()
    while True:
        time.sleep(0.02)


def wait_for_lock():
    ready.wait()
    while True:
        with held:
            pass


def receive(connection):
    ready.wait()
    connection.recv(1)


def main():
    quiet, _other_end = socket.socketpair()
    threads = [threading.Thread(target=nap, daemon=True),
               threading.Thread(target=wait_for_lock, daemon=True),
               threading.Thread(target=receive, args=(quiet,), daemon=True)]
    for thread in threads:
        thread.start()
    ready.wait()
    time.sleep(0.1)
    print(os.getpid(), flush=True)
    while True:
        with held:
            time.sleep(0.05)
        time.sleep(0.001)


main()
