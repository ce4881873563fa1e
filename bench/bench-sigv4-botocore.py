#!/usr/bin/python3
# bench-sigv4-botocore.py
#
# Copyright 2026 The Pipedeck authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Times botocore's SigV4Auth.add_auth on the request bench-sigv4 signs and
# prints two figures in microseconds per request: signing an existing
# request again, and building the request then signing it. Like bench-sigv4
# it counts thread CPU time and keeps the best of several rounds.
#
# Usage: bench-sigv4-botocore.py ITERATIONS ROUNDS

import sys
import time

import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

URL = "https://codepipeline.eu-west-1.amazonaws.com/"
BODY = b'{"name":"todo-list-aws"}'
HEADERS = [
    ("Host", "codepipeline.eu-west-1.amazonaws.com"),
    ("Content-Type", "application/x-amz-json-1.1"),
    ("X-Amz-Target", "CodePipeline_20150709.GetPipelineState"),
    ("User-Agent", "Pipedeck/0.1.0"),
]
CREDENTIALS = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                          "FwoGZXIvYXdzEBYaDJ2example/session/token+value==")


def build():
    request = AWSRequest(method="POST", url=URL, data=BODY)
    for name, value in HEADERS:
        request.headers[name] = value
    return request


def best(fn, iterations, rounds):
    times = []
    for _ in range(rounds):
        start = time.thread_time()
        fn(iterations)
        times.append((time.thread_time() - start) / iterations * 1e6)
    return min(times)


def main():
    iterations = int(sys.argv[1])
    rounds = int(sys.argv[2])
    signer = SigV4Auth(CREDENTIALS, "codepipeline", "eu-west-1")
    request = build()

    def sign_only(n):
        for _ in range(n):
            signer.add_auth(request)

    def build_and_sign(n):
        for _ in range(n):
            signer.add_auth(build())

    sign_only(100)
    print("%.3f %.3f %s" % (best(sign_only, iterations, rounds),
                            best(build_and_sign, iterations, rounds),
                            botocore.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main())
