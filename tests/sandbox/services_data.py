# services_data.py
#
# Copyright 2026 The Pipedeck authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# boto3 against the sandbox: Secrets Manager, RDS, the Data API on the
# private PostgreSQL, and STS. Prints only what it checked, never a secret.

import json
import os
import sys
import time

import boto3
import botocore.config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["PD_SANDBOX_ENDPOINT"]
ACCOUNT = os.environ["PD_SANDBOX_ACCOUNT_ID"]
REGION = "eu-west-1"
CONFIG = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"})
CLUSTER_ARN = "arn:aws:rds:%s:%s:cluster:todo-list-db" % (REGION, ACCOUNT)
MYSQL_ARN = CLUSTER_ARN + "-mysql"
checks = 0


def client(service, **kwargs):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=REGION, config=CONFIG,
                        **kwargs)


def check(condition, what):
    global checks
    if not condition:
        sys.exit("FAILED: " + what)
    checks += 1


def expect_error(code, func, *args, status=None, contains=None, **kwargs):
    try:
        func(*args, **kwargs)
    except ClientError as e:
        got = e.response["Error"]["Code"]
        check(got == code, "%s: expected %s, got %s (%s)" % (func.__name__, code, got,
                                                              e.response["Error"].get("Message")))
        if status is not None:
            check(e.response["ResponseMetadata"]["HTTPStatusCode"] == status,
                  "%s: status %s" % (code, e.response["ResponseMetadata"]["HTTPStatusCode"]))
        if contains is not None:
            message = e.response["Error"].get("Message", "")
            check(contains in message, "%s: %r not in %r" % (code, contains, message))
        return e
    sys.exit("FAILED: %s did not fail with %s" % (func.__name__, code))


def secrets():
    sm = client("secretsmanager")
    names, token, pages = [], None, 0
    while True:
        kwargs = {"MaxResults": 2}
        if token:
            kwargs["NextToken"] = token
        page = sm.list_secrets(**kwargs)
        pages += 1
        names += [s["Name"] for s in page["SecretList"]]
        token = page.get("NextToken")
        if not token:
            break
    check(pages >= 3, "secrets over several pages (%d)" % pages)
    check("todo-list-db/master" in names, "the cluster secret is listed")
    check(len(names) == len(set(names)), "no secret twice")
    paginated = [s["Name"] for p in sm.get_paginator("list_secrets").paginate(
        PaginationConfig={"PageSize": 1}) for s in p["SecretList"]]
    check(paginated == names, "the paginator sees the same secrets")

    value = sm.get_secret_value(SecretId="todo-list-db/master")
    secret = json.loads(value["SecretString"])
    check(secret["username"] == "todo_admin", "the secret names the master user")
    check(len(secret["password"]) >= 20, "the secret holds a generated password")
    check(value["VersionStages"] == ["AWSCURRENT"], "version stages")
    by_arn = sm.get_secret_value(SecretId=value["ARN"])
    check(by_arn["Name"] == "todo-list-db/master", "lookup by ARN")
    expect_error("ResourceNotFoundException", sm.get_secret_value, SecretId="nope",
                 contains="can't find the specified secret")
    expect_error("ResourceNotFoundException", sm.get_secret_value,
                 SecretId="todo-list-db/master", VersionStage="AWSPREVIOUS")
    expect_error("InvalidNextTokenException", sm.list_secrets, NextToken="garbage")
    return value["ARN"]


def rds():
    r = client("rds")
    ids, marker, pages = [], None, 0
    while True:
        kwargs = {"MaxRecords": 20}
        if marker:
            kwargs["Marker"] = marker
        page = r.describe_db_clusters(**kwargs)
        pages += 1
        ids += [c["DBClusterIdentifier"] for c in page["DBClusters"]]
        marker = page.get("Marker")
        if not marker:
            break
    check(pages == 2, "clusters over two pages (%d)" % pages)
    check(len(ids) == len(set(ids)) and len(ids) > 20, "every cluster once")

    todo = r.describe_db_clusters(DBClusterIdentifier="todo-list-db")["DBClusters"][0]
    check(todo["Engine"] == "aurora-postgresql", "engine")
    check(todo["HttpEndpointEnabled"] is True, "Data API on")
    check(todo["ServerlessV2ScalingConfiguration"]["MaxCapacity"] == 8.0, "serverless v2")
    check(todo["DBClusterArn"] == CLUSTER_ARN, "cluster ARN")
    check(todo["ClusterCreateTime"].year >= 2026, "creation time parsed")
    check(todo["DBClusterMembers"][0]["IsClusterWriter"] is True, "writer member")
    my = r.describe_db_clusters(DBClusterIdentifier="todo-list-db-mysql")["DBClusters"][0]
    check(my["Engine"] == "aurora-mysql" and my["HttpEndpointEnabled"] is True,
          "the aurora-mysql To-Do cluster, Data API on")
    check(my["DBClusterArn"] == MYSQL_ARN and my["Port"] == 3306, "its ARN and port")

    mysql = r.describe_db_clusters(Filters=[{"Name": "engine", "Values": ["aurora-mysql"]}])
    check(len(mysql["DBClusters"]) > 0 and
          all(c["Engine"] == "aurora-mysql" for c in mysql["DBClusters"]), "engine filter")
    both = r.describe_db_clusters(Filters=[{"Name": "db-cluster-id",
                                            "Values": ["todo-list-db", "billing-api-db"]}])
    check(sorted(c["DBClusterIdentifier"] for c in both["DBClusters"]) ==
          ["billing-api-db", "todo-list-db"], "db-cluster-id filter")
    expect_error("DBClusterNotFoundFault", r.describe_db_clusters, DBClusterIdentifier="nope",
                 status=404, contains="DBCluster nope not found")
    expect_error("InvalidParameterValue", r.describe_db_clusters, MaxRecords=5)
    expect_error("InvalidParameterValue", r.describe_db_clusters,
                 Filters=[{"Name": "colour", "Values": ["x"]}])


def data_api(secret_arn):
    d = client("rds-data")
    base = {"resourceArn": CLUSTER_ARN, "secretArn": secret_arn, "database": "todo"}

    def run(sql, params=None, **kwargs):
        args = dict(base, sql=sql, **kwargs)
        if params:
            args["parameters"] = params
        return d.execute_statement(**args)

    todo_id = "7d3c1f9e-0000-4000-8000-000000000042"
    created = run("INSERT INTO todos (id, user_id, title, priority, due_date) "
                  "VALUES (:id, :user, :title, :priority, :due)",
                  [{"name": "id", "value": {"stringValue": todo_id}, "typeHint": "UUID"},
                   {"name": "user", "value": {"longValue": 1}},
                   {"name": "title", "value": {"stringValue": "Check the sandbox"}},
                   {"name": "priority", "value": {"longValue": 2}},
                   {"name": "due", "value": {"stringValue": "2026-05-01"}, "typeHint": "DATE"}])
    check(created["numberOfRecordsUpdated"] == 1, "insert counts one row")

    read = run("SELECT id, title, checked, due_date, description FROM todos WHERE id = :id",
               [{"name": "id", "value": {"stringValue": todo_id}, "typeHint": "UUID"}],
               includeResultMetadata=True)
    row = read["records"][0]
    check(row[1] == {"stringValue": "Check the sandbox"}, "title read back")
    check(row[2] == {"booleanValue": False}, "boolean field")
    check(row[3] == {"stringValue": "2026-05-01"}, "date field")
    check(row[4] == {"isNull": True}, "null field")
    meta = read["columnMetadata"]
    check([m["name"] for m in meta] == ["id", "title", "checked", "due_date", "description"],
          "column names")
    check(meta[1]["typeName"] == "varchar" and meta[1]["tableName"] == "todos", "column types")
    check(meta[0]["nullable"] == 0 and meta[4]["nullable"] == 1, "nullability")

    updated = run("UPDATE todos SET checked = :c, title = :t WHERE id = :id",
                  [{"name": "c", "value": {"booleanValue": True}},
                   {"name": "t", "value": {"stringValue": "Checked the sandbox"}},
                   {"name": "id", "value": {"stringValue": todo_id}, "typeHint": "UUID"}])
    check(updated["numberOfRecordsUpdated"] == 1, "update counts one row")

    formatted = run("SELECT title, checked, priority FROM todos WHERE id = :id",
                    [{"name": "id", "value": {"stringValue": todo_id}, "typeHint": "UUID"}],
                    formatRecordsAs="JSON")
    records = json.loads(formatted["formattedRecords"])
    check(records == [{"title": "Checked the sandbox", "checked": True, "priority": 2}],
          "formattedRecords: %r" % records)

    # A transaction committed, another rolled back; both checked by reading back.
    tx = d.begin_transaction(**base)["transactionId"]
    run("INSERT INTO tags (name) VALUES (:n)", [{"name": "n", "value": {"stringValue": "kept"}}],
        transactionId=tx)
    status = d.commit_transaction(resourceArn=CLUSTER_ARN, secretArn=secret_arn,
                                  transactionId=tx)["transactionStatus"]
    check(status == "Transaction Committed", "commit status")
    tx = d.begin_transaction(**base)["transactionId"]
    run("INSERT INTO tags (name) VALUES (:n)", [{"name": "n", "value": {"stringValue": "dropped"}}],
        transactionId=tx)
    run("DELETE FROM todos WHERE id = :id",
        [{"name": "id", "value": {"stringValue": todo_id}, "typeHint": "UUID"}], transactionId=tx)
    status = d.rollback_transaction(resourceArn=CLUSTER_ARN, secretArn=secret_arn,
                                    transactionId=tx)["transactionStatus"]
    check(status == "Rollback Complete", "rollback status")
    names = run("SELECT name FROM tags WHERE name IN ('kept', 'dropped') ORDER BY name")
    check(names["records"] == [[{"stringValue": "kept"}]], "only the committed row stays")
    check(len(run("SELECT 1 FROM todos WHERE id = :id",
                  [{"name": "id", "value": {"stringValue": todo_id},
                    "typeHint": "UUID"}])["records"]) == 1, "the rolled back delete left the row")
    expect_error("NotFoundException", d.commit_transaction, resourceArn=CLUSTER_ARN,
                 secretArn=secret_arn, transactionId=tx, status=404)

    batch = d.batch_execute_statement(**base, sql="INSERT INTO tags (name) VALUES (:n)",
                                      parameterSets=[[{"name": "n", "value": {"stringValue": n}}]
                                                     for n in ("x1", "x2", "x3")])
    check(len(batch["updateResults"]) == 3, "batch results")

    deleted = run("DELETE FROM todos WHERE id = :id",
                  [{"name": "id", "value": {"stringValue": todo_id}, "typeHint": "UUID"}])
    check(deleted["numberOfRecordsUpdated"] == 1, "delete counts one row")

    expect_error("BadRequestException", run, "SELECT * FROM missing_table", status=400,
                 contains='relation "missing_table" does not exist')
    expect_error("BadRequestException", d.execute_statement, resourceArn=CLUSTER_ARN,
                 secretArn=secret_arn.replace("master", "other"), sql="SELECT 1",
                 contains="Secrets Manager can't find the specified secret")
    expect_error("BadRequestException", d.execute_statement,
                 resourceArn=CLUSTER_ARN.replace("todo-list-db", "nope-db"),
                 secretArn=secret_arn, sql="SELECT 1", contains="Invalid cluster arn")
    expect_error("BadRequestException", d.execute_statement,
                 resourceArn=CLUSTER_ARN.replace("todo-list-db", "todo-list-db-staging"),
                 secretArn=secret_arn, sql="SELECT 1", contains="HttpEndpoint is not enabled")
    snyk = client("secretsmanager").get_secret_value(SecretId="todo-list-aws/snyk-token")["ARN"]
    expect_error("BadRequestException", d.execute_statement, resourceArn=CLUSTER_ARN,
                 secretArn=snyk, sql="SELECT 1", contains="username and a password")


def mysql_secret():
    value = client("secretsmanager").get_secret_value(SecretId="todo-list-db-mysql/master")
    secret = json.loads(value["SecretString"])
    check(secret["engine"] == "mysql" and secret["port"] == 3306, "the MySQL secret")
    return value["ARN"]


def data_api_mysql(secret_arn):
    d = client("rds-data")
    base = {"resourceArn": MYSQL_ARN, "secretArn": secret_arn, "database": "todo"}

    def run(sql, params=None, **kwargs):
        args = dict(base, sql=sql, **kwargs)
        if params:
            args["parameters"] = params
        return d.execute_statement(**args)

    version = run("SELECT version()")["records"][0][0]["stringValue"]
    check("MariaDB" in version, "a real MariaDB behind the aurora-mysql cluster")
    tables = run("SELECT table_name FROM information_schema.tables WHERE table_schema = :s "
                 "ORDER BY 1", [{"name": "s", "value": {"stringValue": "todo"}}])
    check(sorted(r[0]["stringValue"] for r in tables["records"]) ==
          ["tags", "todo_tags", "todos", "users"], "the To-Do schema in MySQL")
    check(run("SELECT count(*) FROM todos")["records"] == [[{"longValue": 10}]],
          "the seeded To-Dos")

    title = "Café 'quoted' \\ \"x\" ✓"
    created = run("INSERT INTO tags (name) VALUES (:n)",
                  [{"name": "n", "value": {"stringValue": title}}])
    check(created["numberOfRecordsUpdated"] == 1, "insert counts one row")
    check(created["generatedFields"] == [{"longValue": 7}], "the generated key")
    read = run("SELECT id, name, color FROM tags WHERE name = :n",
               [{"name": "n", "value": {"stringValue": title}}], includeResultMetadata=True)
    check(read["records"] == [[{"longValue": 7}, {"stringValue": title},
                               {"stringValue": "#3584e4"}]], "non-ASCII and quotes round-trip")
    meta = read["columnMetadata"]
    check([m["typeName"] for m in meta] == ["INT", "VARCHAR", "CHAR"], "MySQL type names")
    check(meta[0]["isAutoIncrement"] is True and meta[1]["tableName"] == "tags", "metadata")

    formatted = run("SELECT title, checked, due_date FROM todos WHERE id = :id",
                    [{"name": "id", "value": {"stringValue":
                                              "0b6f3c1e-5a2d-4c7e-9f10-000000000004"}}],
                    formatRecordsAs="JSON")
    check(json.loads(formatted["formattedRecords"]) ==
          [{"title": "Buy coffee", "checked": 0, "due_date": None}], "formattedRecords")

    tx = d.begin_transaction(**base)["transactionId"]
    run("DELETE FROM todo_tags", transactionId=tx)
    status = d.rollback_transaction(resourceArn=MYSQL_ARN, secretArn=secret_arn,
                                    transactionId=tx)["transactionStatus"]
    check(status == "Rollback Complete", "rollback status")
    check(run("SELECT count(*) FROM todo_tags")["records"] == [[{"longValue": 10}]],
          "the rolled back delete left the rows")
    tx = d.begin_transaction(**base)["transactionId"]
    run("DELETE FROM tags WHERE id = 7", transactionId=tx)
    status = d.commit_transaction(resourceArn=MYSQL_ARN, secretArn=secret_arn,
                                  transactionId=tx)["transactionStatus"]
    check(status == "Transaction Committed", "commit status")
    check(run("SELECT count(*) FROM tags")["records"] == [[{"longValue": 6}]], "committed")

    expect_error("BadRequestException", run, "SELECT * FROM missing_table", status=400,
                 contains="Table 'todo.missing_table' doesn't exist")
    # The secret of the PostgreSQL cluster names another user.
    pg_secret = client("secretsmanager").get_secret_value(SecretId="todo-list-db/master")["ARN"]
    expect_error("BadRequestException", d.execute_statement, resourceArn=MYSQL_ARN,
                 secretArn=pg_secret, sql="SELECT 1", contains="Access denied")


def data_api_unavailable(secret_arn):
    d = client("rds-data")
    e = expect_error("DatabaseUnavailableException", d.execute_statement,
                     resourceArn=CLUSTER_ARN, secretArn=secret_arn, sql="SELECT * FROM todos",
                     status=504, contains="PostgreSQL is not installed")
    check("records" not in e.response, "no rows without a database")
    e = expect_error("DatabaseUnavailableException", d.execute_statement,
                     resourceArn=MYSQL_ARN, secretArn=mysql_secret(), sql="SELECT 1",
                     status=504, contains="MariaDB is not installed")
    check("records" not in e.response, "no rows without MariaDB")


def sts():
    s = client("sts")
    me = s.get_caller_identity()
    check(me["Account"] == ACCOUNT, "caller account")
    check(me["Arn"].startswith("arn:aws:iam::%s:user/" % ACCOUNT), "caller ARN")

    role = "arn:aws:iam::%s:role/pipedeck-readonly" % ACCOUNT
    assumed = s.assume_role(RoleArn=role, RoleSessionName="pipedeck-test", DurationSeconds=900)
    creds = assumed["Credentials"]
    check(creds["AccessKeyId"].startswith("ASIA"), "temporary key")
    check(assumed["AssumedRoleUser"]["Arn"] ==
          "arn:aws:sts::%s:assumed-role/pipedeck-readonly/pipedeck-test" % ACCOUNT,
          "assumed role ARN")
    temp = client("sts", aws_access_key_id=creds["AccessKeyId"],
                  aws_secret_access_key=creds["SecretAccessKey"],
                  aws_session_token=creds["SessionToken"])
    check(temp.get_caller_identity()["Arn"] == assumed["AssumedRoleUser"]["Arn"],
          "a call with the temporary credentials")
    wrong_token = client("sts", aws_access_key_id=creds["AccessKeyId"],
                         aws_secret_access_key=creds["SecretAccessKey"],
                         aws_session_token=creds["SessionToken"][:-4] + "AAAA")
    expect_error("InvalidClientTokenId", wrong_token.get_caller_identity)

    expect_error("AccessDenied", s.assume_role, RoleArn="arn:aws:iam::%s:role/admin" % ACCOUNT,
                 RoleSessionName="x1", status=403, contains="not authorized")
    expect_error("ValidationError", s.assume_role, RoleArn=role, RoleSessionName="pipedeck-test",
                 DurationSeconds=7200, contains="MaxSessionDuration")
    expect_error("ValidationError", s.assume_role, RoleArn="arn:aws:iam::1234:user/abc",
                 RoleSessionName="ab", contains="is invalid")

    # botocore checks the 900 s floor itself: only the sandbox, in test mode,
    # issues shorter sessions.
    unchecked = boto3.client("sts", endpoint_url=ENDPOINT, region_name=REGION,
                             config=CONFIG.merge(botocore.config.Config(
                                 parameter_validation=False)))
    short = unchecked.assume_role(RoleArn=role, RoleSessionName="short-lived", DurationSeconds=1)
    c = short["Credentials"]
    expiring = client("sts", aws_access_key_id=c["AccessKeyId"],
                      aws_secret_access_key=c["SecretAccessKey"],
                      aws_session_token=c["SessionToken"])
    time.sleep(2.2)
    expect_error("ExpiredToken", expiring.get_caller_identity, contains="expired")


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    secret_arn = secrets()
    if what == "ping":
        count = client("rds-data").execute_statement(
            resourceArn=CLUSTER_ARN, secretArn=secret_arn, sql="SELECT count(*) FROM todos")
        check(count["records"] == [[{"longValue": 10}]], "the seeded To-Dos")
    elif what == "unavailable":
        data_api_unavailable(secret_arn)
    else:
        rds()
        data_api(secret_arn)
        data_api_mysql(mysql_secret())
        sts()
    print("services_data %s: %d checks passed" % (what, checks))


main()
