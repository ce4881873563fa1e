#!/usr/bin/python3
# sigv4-oracle-driver.py
#
# Copyright 2026 The Pipedeck authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Signs requests with botocore through the SigV4 oracle, answering one JSON
# object per line on stdout for each JSON request read from stdin, so that a
# test can compare hundreds of requests with a single interpreter start.
#
# Usage: sigv4-oracle-driver.py PATH/TO/sigv4_oracle.py

import base64
import importlib.util
import json
import sys


def load_oracle(path):
    spec = importlib.util.spec_from_file_location("sigv4_oracle", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def answer(oracle, request):
    result = oracle.sign(request["method"], request["url"],
                         [(name, value) for name, value in request["headers"]],
                         base64.b64decode(request["body"]),
                         request["access_key"], request["secret_key"], request.get("token"),
                         request["region"], request["service"],
                         oracle.parse_timestamp(request["timestamp"]),
                         query_as_params=request["query_as_params"],
                         crt=request.get("crt", False))
    return {
        "botocore_version": result["botocore_version"],
        "signer": result["signer"],
        "canonical_request": result["canonical_request"],
        "string_to_sign": result["string_to_sign"],
        "signature": result["signature"],
        "authorization": result["authorization"],
        "final_headers": result["final_headers"],
    }


def crt_available(oracle):
    try:
        oracle.crt_signer_class()
        return True
    except (Exception, SystemExit):
        return False


def main():
    oracle = load_oracle(sys.argv[1])
    for line in sys.stdin:
        request = json.loads(line)
        try:
            if request.get("probe_crt"):
                reply = {"crt": crt_available(oracle)}
            else:
                reply = answer(oracle, request)
        except (Exception, SystemExit) as e:  # reported to the test, which fails on it
            reply = {"error": "%s: %s" % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
