# boto3_codepipeline.py
#
# Copyright 2026 The Pipedeck authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# boto3 against every CodePipeline operation of the sandbox: reads with
# paging, documented errors, idempotent starts, approvals, stops,
# transitions and execution modes. Argument: a run number of todo-list-aws
# that is known (from the seed) to succeed.

import uuid

from sandbox_checks import check, client, done, expect_error, skip_failing_runs, wait_for

cp = client("codepipeline")

# ListPipelines over several pages.
pages = list(cp.get_paginator("list_pipelines").paginate(PaginationConfig={"PageSize": 5}))
names = [p["name"] for page in pages for p in page["pipelines"]]
check(len(pages) >= 3, "ListPipelines paged (%d pages)" % len(pages))
check(len(names) >= 12 and len(set(names)) == len(names), "12+ distinct pipelines")
check("todo-list-aws" in names and "todo-list-infra" in names, "reference pipelines listed")
expect_error("InvalidNextTokenException", cp.list_pipelines, nextToken="garbage")
expect_error("ValidationException", cp.list_pipelines, maxResults=0)

# GetPipeline.
pipeline = cp.get_pipeline(name="todo-list-aws")["pipeline"]
check([s["name"] for s in pipeline["stages"]] ==
      ["Source", "Build", "Test", "DeployStaging", "IntegrationTests", "Approval",
       "DeployProduction"], "todo-list-aws stages")
test = pipeline["stages"][2]["actions"]
check(sorted(a["name"] for a in test) == ["Quality", "Security", "UnitTests"], "Test actions")
check({a["runOrder"] for a in test} == {1}, "Test actions run in parallel")
check(pipeline["stages"][0]["actions"][0]["actionTypeId"]["provider"] == "CodeCommit",
      "source is CodeCommit")
infra = cp.get_pipeline(name="todo-list-infra")["pipeline"]
check([s["name"] for s in infra["stages"]] == ["Source", "Plan", "Approval", "Apply", "Verify"],
      "todo-list-infra stages")
expect_error("PipelineNotFoundException", cp.get_pipeline, name="no-such-pipeline")
expect_error("PipelineVersionNotFoundException", cp.get_pipeline, name="todo-list-aws", version=7)
message = expect_error("ValidationException", cp.get_pipeline, name="bad name!")
check("failed to satisfy constraint" in message and "'name'" in message, "AWS wording: " + message)

# GetPipelineState of seeded states.
state = cp.get_pipeline_state(name="todo-list-notifications")
deploy = state["stageStates"][2]
check(deploy["inboundTransitionState"]["enabled"] is False, "seeded disabled transition")
check("freeze" in deploy["inboundTransitionState"]["disabledReason"], "disabled reason")
check("inboundExecution" in deploy, "a run is held by the disabled transition")
failed = cp.list_pipeline_executions(pipelineName="todo-list-authorizer")
check(failed["pipelineExecutionSummaries"][0]["status"] == "Failed", "seeded failed pipeline")
running = cp.list_pipeline_executions(pipelineName="todo-list-frontend")
check(running["pipelineExecutionSummaries"][0]["status"] in ("InProgress", "Succeeded", "Failed"),
      "seeded running pipeline has a live run")
expect_error("PipelineNotFoundException", cp.get_pipeline_state, name="nope")

# ListPipelineExecutions over several pages, newest first.
pages = list(cp.get_paginator("list_pipeline_executions").paginate(
    pipelineName="todo-list-aws", PaginationConfig={"PageSize": 7}))
runs = [e for page in pages for e in page["pipelineExecutionSummaries"]]
check(len(pages) >= 3 and len(runs) >= 20, "20 runs of history over pages")
check(all(runs[i]["startTime"] >= runs[i + 1]["startTime"] for i in range(len(runs) - 1)),
      "newest first")
check(all(r["sourceRevisions"][0]["revisionSummary"] for r in runs), "commit messages")
expect_error("InvalidNextTokenException", cp.list_pipeline_executions,
             pipelineName="todo-list-aws", nextToken="bm9wZQ==")
expect_error("ValidationException", cp.list_pipeline_executions, pipelineName="todo-list-aws",
             maxResults=101)

# GetPipelineExecution.
first = runs[0]["pipelineExecutionId"]
execution = cp.get_pipeline_execution(pipelineName="todo-list-aws",
                                      pipelineExecutionId=first)["pipelineExecution"]
check(execution["pipelineExecutionId"] == first, "GetPipelineExecution")
check(execution["artifactRevisions"][0]["revisionId"] == runs[0]["sourceRevisions"][0]["revisionId"],
      "artifact revision")
expect_error("PipelineExecutionNotFoundException", cp.get_pipeline_execution,
             pipelineName="todo-list-aws", pipelineExecutionId=str(uuid.uuid4()))
expect_error("ValidationException", cp.get_pipeline_execution, pipelineName="todo-list-aws",
             pipelineExecutionId="not-a-uuid")

# ListActionExecutions over pages, with a filter.
pages = list(cp.get_paginator("list_action_executions").paginate(
    pipelineName="todo-list-aws", filter={"pipelineExecutionId": first},
    PaginationConfig={"PageSize": 3}))
actions = [a for page in pages for a in page["actionExecutionDetails"]]
check(len(pages) >= 2 and all(a["pipelineExecutionId"] == first for a in actions),
      "filtered action executions over pages")
builds = [a for a in actions if a["input"]["actionTypeId"]["provider"] == "CodeBuild"]
check(builds and all(a["output"]["executionResult"]["externalExecutionId"] for a in builds),
      "CodeBuild actions name their build")
expect_error("PipelineExecutionNotFoundException", cp.list_action_executions,
             pipelineName="todo-list-aws", filter={"pipelineExecutionId": str(uuid.uuid4())})


def status(name, execution_id):
    return cp.get_pipeline_execution(pipelineName=name,
                                     pipelineExecutionId=execution_id)["pipelineExecution"]["status"]


def stage_state(name, stage):
    for s in cp.get_pipeline_state(name=name)["stageStates"]:
        if s["stageName"] == stage:
            return s
    raise KeyError(stage)


# StartPipelineExecution is idempotent with clientRequestToken.
before = len(runs)
token = str(uuid.uuid4())
a = cp.start_pipeline_execution(name="todo-list-docs", clientRequestToken=token)
b = cp.start_pipeline_execution(name="todo-list-docs", clientRequestToken=token)
check(a["pipelineExecutionId"] == b["pipelineExecutionId"], "same token, same execution")
docs = cp.list_pipeline_executions(pipelineName="todo-list-docs")["pipelineExecutionSummaries"]
check(sum(1 for r in docs if r["pipelineExecutionId"] == a["pipelineExecutionId"]) == 1,
      "no second run")
expect_error("PipelineNotFoundException", cp.start_pipeline_execution, name="ghost")
wait_for(lambda: status("todo-list-docs", a["pipelineExecutionId"]) in ("Succeeded", "Failed"),
         "docs run to end")

# Stop with abandon: at once, actions Abandoned.
skip_failing_runs(cp, "todo-list-reports", 2)
run = cp.start_pipeline_execution(name="todo-list-reports")["pipelineExecutionId"]
wait_for(lambda: stage_state("todo-list-reports", "Build").get("latestExecution", {})
         .get("pipelineExecutionId") == run, "reports run in Build")
cp.stop_pipeline_execution(pipelineName="todo-list-reports", pipelineExecutionId=run,
                           abandon=True, reason="abandon test")
check(status("todo-list-reports", run) == "Stopped", "abandon stops at once")
abandoned = [a for a in cp.list_action_executions(
    pipelineName="todo-list-reports", filter={"pipelineExecutionId": run})["actionExecutionDetails"]
    if a["status"] == "Abandoned"]
check(len(abandoned) == 1, "in-progress action abandoned")
expect_error("PipelineExecutionNotStoppableException", cp.stop_pipeline_execution,
             pipelineName="todo-list-reports", pipelineExecutionId=run)

# Stop without abandon: Stopping until the build ends, then Stopped.
run = cp.start_pipeline_execution(name="todo-list-reports")["pipelineExecutionId"]
wait_for(lambda: stage_state("todo-list-reports", "Build").get("latestExecution", {})
         .get("pipelineExecutionId") == run, "reports run in Build")
cp.stop_pipeline_execution(pipelineName="todo-list-reports", pipelineExecutionId=run,
                           abandon=False, reason="finish then stop")
check(status("todo-list-reports", run) == "Stopping", "Stopping while the build runs")
expect_error("DuplicatedStopRequestException", cp.stop_pipeline_execution,
             pipelineName="todo-list-reports", pipelineExecutionId=run)
wait_for(lambda: status("todo-list-reports", run) == "Stopped", "Stopping becomes Stopped")
summary = cp.list_pipeline_executions(pipelineName="todo-list-reports")["pipelineExecutionSummaries"][0]
check(summary["stopTrigger"]["reason"] == "finish then stop", "stop reason kept")

# A disabled transition holds the run; enabling lets it go on.
skip_failing_runs(cp, "todo-list-docs", 1)
message = expect_error("ValidationException", cp.disable_stage_transition,
                       pipelineName="todo-list-docs", stageName="Deploy",
                       transitionType="Inbound", reason="no #hash allowed")
check("regular expression" in message, "reason pattern wording")
expect_error("StageNotFoundException", cp.disable_stage_transition, pipelineName="todo-list-docs",
             stageName="Nowhere", transitionType="Inbound", reason="x")
expect_error("ValidationException", cp.disable_stage_transition, pipelineName="todo-list-docs",
             stageName="Deploy", transitionType="Sideways", reason="x")
cp.disable_stage_transition(pipelineName="todo-list-docs", stageName="Build",
                            transitionType="Outbound", reason="Hold before deploy")
check(stage_state("todo-list-docs", "Deploy")["inboundTransitionState"]["enabled"] is False,
      "Outbound of Build is Inbound of Deploy")
run = cp.start_pipeline_execution(name="todo-list-docs")["pipelineExecutionId"]
wait_for(lambda: stage_state("todo-list-docs", "Deploy").get("inboundExecution", {})
         .get("pipelineExecutionId") == run, "run held before Deploy")
check(status("todo-list-docs", run) == "InProgress", "held run is in progress")
cp.enable_stage_transition(pipelineName="todo-list-docs", stageName="Deploy",
                           transitionType="Inbound")
wait_for(lambda: status("todo-list-docs", run) in ("Succeeded", "Failed"), "held run released")

# SUPERSEDED: a newer run overtakes an older one waiting between stages.
skip_failing_runs(cp, "todo-list-e2e", 2)
cp.disable_stage_transition(pipelineName="todo-list-e2e", stageName="Deploy",
                            transitionType="Inbound", reason="Supersede test")
older = cp.start_pipeline_execution(name="todo-list-e2e")["pipelineExecutionId"]
wait_for(lambda: stage_state("todo-list-e2e", "Deploy").get("inboundExecution", {})
         .get("pipelineExecutionId") == older, "older run waiting")
newer = cp.start_pipeline_execution(name="todo-list-e2e")["pipelineExecutionId"]
wait_for(lambda: status("todo-list-e2e", older) == "Superseded", "older run superseded")
cp.enable_stage_transition(pipelineName="todo-list-e2e", stageName="Deploy",
                           transitionType="Inbound")
wait_for(lambda: status("todo-list-e2e", newer) in ("Succeeded", "Failed"), "newer run ends")

# QUEUED: runs wait their turn, none superseded, first in first out.
skip_failing_runs(cp, "todo-list-backup", 2)
cp.disable_stage_transition(pipelineName="todo-list-backup", stageName="Deploy",
                            transitionType="Inbound", reason="Queue test")
one = cp.start_pipeline_execution(name="todo-list-backup")["pipelineExecutionId"]
two = cp.start_pipeline_execution(name="todo-list-backup")["pipelineExecutionId"]
wait_for(lambda: stage_state("todo-list-backup", "Deploy").get("inboundExecution"),
         "queued runs waiting")
check(status("todo-list-backup", one) == "InProgress" and
      status("todo-list-backup", two) == "InProgress", "queued runs both in progress")
cp.enable_stage_transition(pipelineName="todo-list-backup", stageName="Deploy",
                           transitionType="Inbound")
wait_for(lambda: status("todo-list-backup", two) not in ("InProgress",), "queue drained")
ends = {e["pipelineExecutionId"]: e for e in cp.list_pipeline_executions(
    pipelineName="todo-list-backup")["pipelineExecutionSummaries"]}
check(ends[one]["status"] != "Superseded" and ends[two]["status"] != "Superseded",
      "no superseding in QUEUED mode")
check(ends[one]["lastUpdateTime"] <= ends[two]["lastUpdateTime"], "FIFO")

# PARALLEL: two runs progress at the same time.
p1 = cp.start_pipeline_execution(name="todo-list-mobile-api")["pipelineExecutionId"]
p2 = cp.start_pipeline_execution(name="todo-list-mobile-api")["pipelineExecutionId"]
wait_for(lambda: status("todo-list-mobile-api", p1) != "InProgress" and
         status("todo-list-mobile-api", p2) != "InProgress", "parallel runs end")
check(status("todo-list-mobile-api", p1) != "Superseded", "parallel run not superseded")

# Manual approval: Rejected fails the stage.
run = cp.start_pipeline_execution(name="todo-list-infra")["pipelineExecutionId"]


def approval_token(name, stage, action):
    s = stage_state(name, stage)
    if s.get("latestExecution", {}).get("pipelineExecutionId") != run:
        return None
    for a in s["actionStates"]:
        if a["actionName"] == action:
            return a.get("latestExecution", {}).get("token")
    return None


token = wait_for(lambda: approval_token("todo-list-infra", "Approval", "ApprovePlan"),
                 "approval waiting", timeout=60)
expect_error("InvalidApprovalTokenException", cp.put_approval_result,
             pipelineName="todo-list-infra", stageName="Approval", actionName="ApprovePlan",
             result={"summary": "no", "status": "Rejected"}, token=str(uuid.uuid4()))
expect_error("ActionNotFoundException", cp.put_approval_result,
             pipelineName="todo-list-infra", stageName="Approval", actionName="Nope",
             result={"summary": "no", "status": "Rejected"}, token=token)
expect_error("ValidationException", cp.put_approval_result,
             pipelineName="todo-list-infra", stageName="Approval", actionName="ApprovePlan",
             result={"summary": "no", "status": "Maybe"}, token=token)
cp.put_approval_result(pipelineName="todo-list-infra", stageName="Approval",
                       actionName="ApprovePlan",
                       result={"summary": "Plan changes the WAF limit", "status": "Rejected"},
                       token=token)
expect_error("ApprovalAlreadyCompletedException", cp.put_approval_result,
             pipelineName="todo-list-infra", stageName="Approval", actionName="ApprovePlan",
             result={"summary": "again", "status": "Approved"}, token=token)
check(status("todo-list-infra", run) == "Failed", "rejected approval fails the run")
check(stage_state("todo-list-infra", "Approval")["latestExecution"]["status"] == "Failed",
      "rejected approval fails the stage")

# RetryStageExecution errors.
expect_error("StageNotRetryableException", cp.retry_stage_execution,
             pipelineName="todo-list-infra", stageName="Plan", pipelineExecutionId=run,
             retryMode="FAILED_ACTIONS")
history = cp.list_pipeline_executions(pipelineName="todo-list-infra")["pipelineExecutionSummaries"]
expect_error("NotLatestPipelineExecutionException", cp.retry_stage_execution,
             pipelineName="todo-list-infra", stageName="Approval",
             pipelineExecutionId=history[3]["pipelineExecutionId"], retryMode="FAILED_ACTIONS")
expect_error("ValidationException", cp.retry_stage_execution, pipelineName="todo-list-infra",
             stageName="Approval", pipelineExecutionId=run, retryMode="SOME_ACTIONS")
# ALL_ACTIONS re-runs the approval, which then waits again.
cp.retry_stage_execution(pipelineName="todo-list-infra", stageName="Approval",
                         pipelineExecutionId=run, retryMode="ALL_ACTIONS")
check(status("todo-list-infra", run) == "InProgress", "retried run in progress")
token2 = wait_for(lambda: approval_token("todo-list-infra", "Approval", "ApprovePlan"),
                  "approval waiting again")
check(token2 != token, "a new approval token")
cp.stop_pipeline_execution(pipelineName="todo-list-infra", pipelineExecutionId=run, abandon=True)
check(status("todo-list-infra", run) == "Stopped", "stopped while waiting for approval")

done()
