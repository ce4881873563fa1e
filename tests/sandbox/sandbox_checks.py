# sandbox_checks.py
#
# Copyright 2026 The Pipedeck authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Small helpers shared by the boto3 scripts that check pipedeck-sandbox.

import os
import sys
import time

import boto3
import botocore.config
import botocore.exceptions

CONFIG = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"},
                                read_timeout=20, connect_timeout=5,
                                parameter_validation=False)
checks = 0


def client(service):
    return boto3.client(service, endpoint_url=os.environ["PD_SANDBOX_ENDPOINT"],
                        region_name="eu-west-1", config=CONFIG)


def check(condition, what):
    global checks
    if not condition:
        sys.exit("FAILED: " + what)
    checks += 1


def expect_error(code, call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except botocore.exceptions.ClientError as error:
        got = error.response["Error"]["Code"]
        check(got == code, "expected %s, got %s (%s)" % (code, got, error))
        check(error.response["ResponseMetadata"].get("RequestId"), "request ID on " + code)
        return error.response["Error"].get("Message", "")
    sys.exit("FAILED: expected %s, the call succeeded" % code)


def wait_for(predicate, what, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    sys.exit("FAILED: timed out waiting for " + what)


def done():
    print("checks passed:", checks)


def failing_action(pipeline, run_number, seed=None):
    """The sandbox's documented rule for which run fails (see
    pd_sandbox_codepipeline_failing_action), written again here so that the
    tests check the rule rather than trust it."""
    if seed is None:
        seed = int(os.environ["PD_SANDBOX_SEED"])
    h = 2166136261
    data = seed.to_bytes(4, "little") + run_number.to_bytes(4, "little") + pipeline.encode()
    for byte in data:
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    if pipeline == "todo-list-aws":
        return {0: "UnitTests", 1: "Security"}.get(h % 6)
    if pipeline == "todo-list-infra":
        return "TerraformApply" if h % 5 == 0 else None
    return "Build" if h % 5 == 0 else None


def run_count(cp, pipeline):
    total = 0
    for page in cp.get_paginator("list_pipeline_executions").paginate(pipelineName=pipeline):
        total += len(page["pipelineExecutionSummaries"])
    return total


def skip_failing_runs(cp, pipeline, count):
    """Starts and finishes runs until the next @count runs are predicted to
    succeed; returns how many runs were used up."""
    used = 0
    while True:
        following = run_count(cp, pipeline) + 1
        if all(failing_action(pipeline, following + i) is None for i in range(count)):
            return used
        run = cp.start_pipeline_execution(name=pipeline)["pipelineExecutionId"]
        wait_for(lambda: cp.get_pipeline_execution(pipelineName=pipeline, pipelineExecutionId=run)
                 ["pipelineExecution"]["status"] not in ("InProgress", "Stopping"),
                 "run to end", timeout=60)
        used += 1
