# bench-sandbox-services.py
#
# Copyright 2026 The Pipedeck authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Figures for the sandbox's application services, measured with boto3
# against a pipedeck-sandbox it starts: how long the Data API's private
# PostgreSQL takes to come up on first use, Data API round trips per
# second, and round trips per second for API Gateway, WAFv2 and CloudWatch
# reads. Usage: bench-sandbox-services.py PATH/TO/pipedeck-sandbox

import os
import subprocess
import sys
import time
import datetime

import boto3
import botocore.config

CONFIG = botocore.config.Config(retries={"max_attempts": 1})


def rate(label, func, seconds=3.0):
    func()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        func()
        count += 1
    elapsed = time.perf_counter() - start
    print("%-46s %8.1f requests/s  (%.2f ms each)" % (label, count / elapsed,
                                                       1000 * elapsed / count))


def main():
    sandbox = subprocess.Popen([sys.argv[1], "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        env = dict(sandbox.stdout.readline().strip().split("=", 1) for _ in range(5))
        kwargs = dict(endpoint_url=env["AWS_ENDPOINT_URL"], region_name="eu-west-1",
                      aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
                      aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"], config=CONFIG)
        account = env["PD_SANDBOX_ACCOUNT_ID"]
        sm = boto3.client("secretsmanager", **kwargs)
        data = boto3.client("rds-data", **kwargs)
        secret = sm.get_secret_value(SecretId="todo-list-db/master")["ARN"]
        cluster = "arn:aws:rds:eu-west-1:%s:cluster:todo-list-db" % account

        start = time.perf_counter()
        data.execute_statement(resourceArn=cluster, secretArn=secret, sql="SELECT 1")
        print("%-46s %8.0f ms" % ("first Data API call (initdb, start, schema)",
                                  1000 * (time.perf_counter() - start)))

        rate("Data API SELECT by primary key", lambda: data.execute_statement(
            resourceArn=cluster, secretArn=secret,
            sql="SELECT * FROM todos WHERE id = :id", includeResultMetadata=True,
            parameters=[{"name": "id", "typeHint": "UUID",
                         "value": {"stringValue": "0b6f3c1e-5a2d-4c7e-9f10-000000000001"}}]))
        apig = boto3.client("apigateway", **kwargs)
        api = [a for a in apig.get_rest_apis()["items"] if a["name"] == "todo-list-aws"][0]["id"]
        rate("API Gateway GetStage", lambda: apig.get_stage(restApiId=api, stageName="prod"))
        waf = boto3.client("wafv2", **kwargs)
        acl = [a for a in waf.list_web_acls(Scope="REGIONAL")["WebACLs"]
               if a["Name"] == "todo-list-aws-waf"][0]
        rate("WAFv2 GetWebACL", lambda: waf.get_web_acl(Name=acl["Name"], Scope="REGIONAL",
                                                          Id=acl["Id"]))
        cw = boto3.client("cloudwatch", **kwargs)
        end = datetime.datetime.now(datetime.timezone.utc)
        query = [{"Id": "m", "MetricStat": {"Metric": {
            "Namespace": "AWS/Lambda", "MetricName": "Duration",
            "Dimensions": [{"Name": "FunctionName", "Value": "todos-list"}]},
            "Period": 300, "Stat": "p99"}}]
        rate("CloudWatch GetMetricData, 24 h at 5 min", lambda: cw.get_metric_data(
            MetricDataQueries=query, StartTime=end - datetime.timedelta(hours=24), EndTime=end))
        with open("/proc/%d/status" % sandbox.pid) as status:
            rss = [line for line in status if line.startswith("VmRSS")][0].split()[1]
        print("%-46s %8.1f MiB" % ("sandbox resident memory after the runs", int(rss) / 1024))
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=30)


main()
