#!/usr/bin/python3
# sigv4-botocore-driver.py
#
# Copyright 2026 The Pipedeck authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Signs requests with botocore for test-sigv4-botocore: one JSON request per
# line on stdin, one JSON reply per line on stdout, so that hundreds of
# requests cost a single interpreter start. Run it with Debian's
# /usr/bin/python3 and python3-botocore (python3-awscrt for the CRT signer).
#
# Requests:
#   {"probe": true}
#       -> {"botocore_version", "python_version", "crt": bool, "crt_problem"}
#   {"method", "url", "headers": [[name, value]...], "body": base64,
#    "access_key", "secret_key", "token": string or null, "region", "service",
#    "timestamp": "YYYY-MM-DDTHH:MM:SSZ", "query_as_params": bool,
#    "crt": bool (optional)}
#       -> {"botocore_version", "signer", "canonical_request", "string_to_sign",
#           "signature", "authorization", "final_headers": [[name, value]...]}
# Any failure is answered with {"error": "..."}, which fails the test.
#
# botocore's signer is used as a client uses it, unchanged: its clock is
# pinned to the request's timestamp for the call, and the canonical request,
# string to sign and signature are read from the debug records
# SigV4Auth.add_auth logs (the CRT signer exposes only its result).

import base64
import datetime
import json
import logging
import platform
import sys
import types
import unittest.mock
from urllib.parse import parse_qsl, urlsplit, urlunsplit

try:
    import botocore
    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    BOTOCORE_PROBLEM = None
except ImportError as e:
    BOTOCORE_PROBLEM = ("cannot import botocore with %s (install python3-botocore): %s"
                        % (sys.executable, e))

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

# The three records SigV4Auth.add_auth logs, and the reply field of each.
LOGGED_STEPS = {
    "CanonicalRequest:": "canonical_request",
    "StringToSign:": "string_to_sign",
    "Signature:": "signature",
}


class DriverError(Exception):
    pass


class StepRecorder(logging.Handler):
    """Keeps the values of the signing steps botocore.auth logs."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.steps = {}

    def emit(self, record):
        if not isinstance(record.msg, str) or len(record.args or ()) != 1:
            return
        field = LOGGED_STEPS.get(record.msg.split("\n", 1)[0])
        if field is not None:
            self.steps[field] = record.args[0]


RECORDER = StepRecorder()


def install_recorder():
    logger = logging.getLogger("botocore.auth")
    logger.addHandler(RECORDER)
    logger.setLevel(logging.DEBUG)
    # Nothing of it reaches stderr: the records carry request data.
    logger.propagate = False


def pinned_datetime_module(when):
    """Stands in for the datetime module in a signer's module: its clock
    reads `when` (naive UTC, as datetime.datetime.utcnow() returns it). Any
    other use of the module fails loudly instead of reading the real time."""

    class PinnedDatetime(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return when

    return types.SimpleNamespace(datetime=PinnedDatetime, timezone=datetime.timezone)


def crt_problem():
    """None when the CRT signer can be used, else why not."""
    try:
        import awscrt.auth  # noqa: F401
    except ImportError as e:
        return "cannot import awscrt (install python3-awscrt): %s" % e
    try:
        import botocore.crt.auth  # noqa: F401
    except Exception as e:  # botocore without CRT support
        return "botocore %s has no CRT signer: %s: %s" % (botocore.__version__,
                                                          type(e).__name__, e)
    return None


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def parse_time(value):
    try:
        return datetime.datetime.strptime(value, TIMESTAMP_FORMAT)
    except (TypeError, ValueError):
        raise DriverError("timestamp %r is not YYYY-MM-DDTHH:MM:SSZ" % (value,))


def build_request(req, use_params):
    aws_request = AWSRequest(method=req["method"], url=req["url"],
                             data=base64.b64decode(req["body"], validate=True))
    # HTTPHeaders appends on assignment: repeated names stay, in order.
    for name, value in req["headers"]:
        aws_request.headers[name] = value
    if use_params:
        # A raw query, decoded here and encoded again by botocore.
        parts = urlsplit(req["url"])
        aws_request.url = urlunsplit(parts._replace(query=""))
        aws_request.params = parse_qsl(parts.query, keep_blank_values=True)
    return aws_request


def sign(req):
    when = parse_time(req["timestamp"])
    use_crt = bool(req.get("crt", False))
    credentials = Credentials(req["access_key"], req["secret_key"], req.get("token"))

    if use_crt:
        problem = crt_problem()
        if problem is not None:
            raise DriverError(problem)
        if req["query_as_params"]:
            raise DriverError("the CRT signer only signs an encoded query")
        import botocore.crt.auth as crt_auth
        signer_class = crt_auth.CrtSigV4Auth
        clock_module = crt_auth
    else:
        signer_class = botocore.auth.SigV4Auth
        clock_module = botocore.auth

    aws_request = build_request(req, req["query_as_params"] and not use_crt)
    signer = signer_class(credentials, req["service"], req["region"])
    RECORDER.steps = {}
    with unittest.mock.patch.object(clock_module, "datetime", pinned_datetime_module(when)):
        signer.add_auth(aws_request)

    final_headers = [[text(n), text(v)] for n, v in aws_request.headers.items()]
    authorization = text(aws_request.headers.get("Authorization"))
    if authorization is None:
        raise DriverError("%s added no Authorization header" % signer_class.__name__)

    reply = {
        "botocore_version": botocore.__version__,
        "signer": "%s.%s" % (signer_class.__module__, signer_class.__name__),
        "authorization": authorization,
        "signature": authorization.rpartition("Signature=")[2],
        "final_headers": final_headers,
    }
    amz_date = when.strftime("%Y%m%dT%H%M%SZ")
    if use_crt:
        reply["canonical_request"] = None
        reply["string_to_sign"] = None
        signed_at = [v for n, v in final_headers if n.lower() == "x-amz-date"]
    else:
        missing = [f for f in LOGGED_STEPS.values() if f not in RECORDER.steps]
        if missing:
            raise DriverError("botocore %s did not log %s"
                              % (botocore.__version__, ", ".join(missing)))
        reply.update(RECORDER.steps)
        if reply["signature"] != RECORDER.steps["signature"]:
            raise DriverError("the logged signature is not the one in Authorization")
        signed_at = reply["string_to_sign"].split("\n")[1:2]
    # A botocore reading its clock some other way would sign another moment.
    if signed_at != [amz_date]:
        raise DriverError("botocore %s signed at %s, not at the requested %s"
                          % (botocore.__version__, signed_at, amz_date))
    return reply


def answer(line):
    if BOTOCORE_PROBLEM is not None:
        return {"error": BOTOCORE_PROBLEM}
    try:
        req = json.loads(line)
        if not isinstance(req, dict):
            raise DriverError("a request is a JSON object")
        if req.get("probe"):
            problem = crt_problem()
            return {
                "botocore_version": botocore.__version__,
                "python_version": platform.python_version(),
                "crt": problem is None,
                "crt_problem": problem,
            }
        return sign(req)
    except DriverError as e:
        return {"error": str(e)}
    except Exception as e:  # whatever botocore raises: reported, and the test fails
        return {"error": "%s: %s" % (type(e).__name__, e)}


def main():
    if BOTOCORE_PROBLEM is None:
        install_recorder()
    for line in sys.stdin:
        if not line.strip():
            continue
        sys.stdout.write(json.dumps(answer(line)) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
