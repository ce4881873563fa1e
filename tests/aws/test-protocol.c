/* test-protocol.c
 *
 * Copyright 2026 The Pipedeck authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pd-aws-error.h"
#include "pd-aws-protocol.h"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static const char *
header (PdAwsHttpRequest *request,
        const char       *name)
{
  for (guint i = 0; i + 1 < request->headers->len; i += 2)
    if (g_ascii_strcasecmp (g_ptr_array_index (request->headers, i), name) == 0)
      return g_ptr_array_index (request->headers, i + 1);
  return NULL;
}

static char *
body_text (PdAwsHttpRequest *request)
{
  gsize length;
  const char *data;

  if (request->body == NULL)
    return NULL;
  data = g_bytes_get_data (request->body, &length);
  return g_strndup (data, length);
}

static PdAwsHttpRequest *
build (const char *service,
       const char *operation,
       const char *input_json)
{
  g_autoptr(JsonObject) input = input_json != NULL ? parse_object (input_json) : NULL;
  g_autoptr(GError) error = NULL;
  PdAwsHttpRequest *request;

  request = pd_aws_protocol_build_request (pd_aws_service_lookup (service), operation, input,
                                           &error);
  g_assert_no_error (error);
  g_assert_nonnull (request);
  return request;
}

static void
test_json_serialize (void)
{
  g_autoptr(PdAwsHttpRequest) empty = build ("codepipeline", "ListPipelines", NULL);
  g_autoptr(PdAwsHttpRequest) logs = build ("logs", "GetLogEvents",
                                            "{\"logStreamName\":\"s\",\"startFromHead\":false}");
  g_autoptr(PdAwsHttpRequest) secrets = build ("secretsmanager", "GetSecretValue",
                                               "{\"SecretId\":\"x\"}");
  g_autofree char *empty_body = body_text (empty);
  g_autofree char *logs_body = body_text (logs);

  g_assert_cmpstr (empty->method, ==, "POST");
  g_assert_cmpstr (empty->path, ==, "/");
  g_assert_cmpstr (empty->query, ==, "");
  g_assert_cmpstr (empty_body, ==, "{}");
  g_assert_cmpstr (header (empty, "X-Amz-Target"), ==, "CodePipeline_20150709.ListPipelines");
  g_assert_cmpstr (header (empty, "Content-Type"), ==, "application/x-amz-json-1.1");
  g_assert_cmpstr (header (logs, "X-Amz-Target"), ==, "Logs_20140328.GetLogEvents");
  g_assert_cmpstr (logs_body, ==, "{\"logStreamName\":\"s\",\"startFromHead\":false}");
  g_assert_cmpstr (header (secrets, "X-Amz-Target"), ==, "secretsmanager.GetSecretValue");
}

static void
test_rest_json_serialize (void)
{
  g_autoptr(PdAwsHttpRequest) stage = build ("apigateway", "GetStage",
                                             "{\"restApiId\":\"a1\",\"stageName\":\"prod v2/x\"}");
  g_autoptr(PdAwsHttpRequest) resources = NULL;
  g_autoptr(PdAwsHttpRequest) update = NULL;
  g_autoptr(PdAwsHttpRequest) functions = NULL;
  g_autoptr(PdAwsHttpRequest) execute = NULL;
  g_autofree char *update_body = NULL;
  g_autofree char *execute_body = NULL;

  g_assert_cmpstr (stage->method, ==, "GET");
  g_assert_cmpstr (stage->path, ==, "/restapis/a1/stages/prod%20v2%2Fx");
  g_assert_null (stage->body);
  g_assert_null (header (stage, "Content-Type"));
  g_assert_cmpstr (header (stage, "Accept"), ==, "application/json");

  resources = build ("apigateway", "GetResources",
                     "{\"restApiId\":\"a1\",\"limit\":25,\"position\":\"p+q=\","
                     "\"embed\":[\"methods\",\"a b\"]}");
  g_assert_cmpstr (resources->path, ==, "/restapis/a1/resources");
  g_assert_cmpstr (resources->query, ==, "embed=a%20b&embed=methods&limit=25&position=p%2Bq%3D");

  update = build ("apigateway", "UpdateStage",
                  "{\"restApiId\":\"a1\",\"stageName\":\"prod\",\"patchOperations\":"
                  "[{\"op\":\"replace\",\"path\":\"/tracingEnabled\",\"value\":\"true\"}]}");
  update_body = body_text (update);
  g_assert_cmpstr (update->method, ==, "PATCH");
  g_assert_cmpstr (header (update, "Content-Type"), ==, "application/json");
  g_assert_cmpstr (update_body, ==,
                   "{\"patchOperations\":[{\"op\":\"replace\",\"path\":\"/tracingEnabled\","
                   "\"value\":\"true\"}]}");

  functions = build ("lambda", "ListFunctions", "{\"MaxItems\":50,\"Marker\":\"m/1\"}");
  g_assert_cmpstr (functions->path, ==, "/2015-03-31/functions/");
  g_assert_cmpstr (functions->query, ==, "Marker=m%2F1&MaxItems=50");
  g_assert_null (header (functions, "Accept"));

  execute = build ("rds-data", "ExecuteStatement", "{\"sql\":\"select 1\",\"resourceArn\":\"r\"}");
  execute_body = body_text (execute);
  g_assert_cmpstr (execute->path, ==, "/Execute");
  g_assert_cmpstr (execute_body, ==, "{\"sql\":\"select 1\",\"resourceArn\":\"r\"}");
}

static void
test_rest_json_errors (void)
{
  const PdAwsService *apigw = pd_aws_service_lookup ("apigateway");
  g_autoptr(JsonObject) no_stage = parse_object ("{\"restApiId\":\"a1\"}");
  g_autoptr(JsonObject) wrong = parse_object ("{\"restApiId\":{\"x\":1},\"stageName\":\"s\"}");
  g_autoptr(GError) error = NULL;

  g_assert_null (pd_aws_protocol_build_request (apigw, "GetStage", no_stage, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "stageName"));
  g_clear_error (&error);

  g_assert_null (pd_aws_protocol_build_request (apigw, "GetStage", wrong, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_clear_error (&error);

  g_assert_null (pd_aws_protocol_build_request (apigw, "GetEverything", NULL, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
  g_clear_error (&error);

  g_assert_null (pd_aws_protocol_build_request (pd_aws_service_lookup ("logs"),
                                                "Get\nLogEvents", NULL, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_VALIDATION);
}

static void
test_query_serialize (void)
{
  g_autoptr(PdAwsHttpRequest) rds = build ("rds", "DescribeDBClusters",
                                           "{\"DBClusterIdentifier\":\"db\",\"Filters\":[{\"Name\":"
                                           "\"engine\",\"Values\":[\"aurora-postgresql\","
                                           "\"aurora-mysql\"]}],\"MaxRecords\":20}");
  g_autoptr(PdAwsHttpRequest) sts = build ("sts", "AssumeRole",
                                           "{\"RoleArn\":\"arn:aws:iam::123456789012:role/r\","
                                           "\"RoleSessionName\":\"s1\",\"DurationSeconds\":3600,"
                                           "\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}");
  g_autoptr(PdAwsHttpRequest) cw = build ("cloudwatch", "GetMetricData",
                                          "{\"MetricDataQueries\":[{\"Id\":\"m1\",\"MetricStat\":"
                                          "{\"Metric\":{\"Namespace\":\"AWS/ApiGateway\","
                                          "\"Dimensions\":[{\"Name\":\"ApiName\",\"Value\":\"x y\"}]},"
                                          "\"Period\":300}}],\"ScanBy\":\"TimestampAscending\","
                                          "\"Flag\":true,\"Empty\":[]}");
  g_autoptr(PdAwsHttpRequest) who = build ("sts", "GetCallerIdentity", NULL);
  g_autofree char *rds_body = body_text (rds);
  g_autofree char *sts_body = body_text (sts);
  g_autofree char *cw_body = body_text (cw);
  g_autofree char *who_body = body_text (who);

  g_assert_cmpstr (rds_body, ==,
                   "Action=DescribeDBClusters&Version=2014-10-31&DBClusterIdentifier=db"
                   "&Filters.Filter.1.Name=engine&Filters.Filter.1.Values.Value.1=aurora-postgresql"
                   "&Filters.Filter.1.Values.Value.2=aurora-mysql&MaxRecords=20");
  g_assert_cmpstr (sts_body, ==,
                   "Action=AssumeRole&Version=2011-06-15"
                   "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s1"
                   "&DurationSeconds=3600&Tags.member.1.Key=k&Tags.member.1.Value=v");
  g_assert_cmpstr (cw_body, ==,
                   "Action=GetMetricData&Version=2010-08-01&MetricDataQueries.member.1.Id=m1"
                   "&MetricDataQueries.member.1.MetricStat.Metric.Namespace=AWS%2FApiGateway"
                   "&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=ApiName"
                   "&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value=x%20y"
                   "&MetricDataQueries.member.1.MetricStat.Period=300&ScanBy=TimestampAscending"
                   "&Flag=true&Empty=");
  g_assert_cmpstr (who_body, ==, "Action=GetCallerIdentity&Version=2011-06-15");
  g_assert_cmpstr (header (who, "Content-Type"), ==,
                   "application/x-www-form-urlencoded; charset=utf-8");
}

static void
test_query_maps (void)
{
  g_autoptr(JsonObject) input = parse_object ("{\"Attributes\":{\"a b\":\"1\",\"c\":{\"Deep\":[\"x\"]}},"
                                              "\"Plain\":{\"k\":\"v\"}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) map = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *json = NULL;
  static const char *xml =
    "<R><Attributes><entry><key>a</key><value>1</value></entry>"
    "<entry><key>b</key><value><X>2</X></value></entry></Attributes><Empty/></R>";

  encoded = pd_aws_protocol_query_encode (input, "Attributes:@map Deep", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (encoded, ==,
                   "Attributes.entry.1.key=a%20b&Attributes.entry.1.value=1"
                   "&Attributes.entry.2.key=c&Attributes.entry.2.value.Deep.member.1=x"
                   "&Plain.k=v");

  map = pd_aws_protocol_xml_to_json (xml, strlen (xml), "Attributes:@map Empty:@map", NULL, &error);
  g_assert_no_error (error);
  json = json_to_string (map, FALSE);
  g_assert_cmpstr (json, ==, "{\"Attributes\":{\"a\":\"1\",\"b\":{\"X\":\"2\"}},\"Empty\":{}}");
}

static JsonNode *
parse (const char  *service,
       const char  *operation,
       guint        status,
       const char  *const *headers,
       const char  *body,
       gssize       length,
       GError     **error)
{
  g_autoptr(SoupMessageHeaders) response_headers = NULL;
  g_autoptr(GBytes) bytes = NULL;

  response_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_append (response_headers, headers[i], headers[i + 1]);
  bytes = g_bytes_new (body, length >= 0 ? (gsize) length : strlen (body));

  return pd_aws_protocol_parse_response (pd_aws_service_lookup (service), operation, status,
                                         response_headers, bytes, error);
}

static char *
to_json (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static void
test_parse_success (void)
{
  static const char *sts_xml =
    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
    " <GetCallerIdentityResult>\n  <Arn>arn:aws:iam::123456789012:user/dev</Arn>\n"
    "  <UserId>AIDAEXAMPLE</UserId>\n  <Account>123456789012</Account>\n"
    " </GetCallerIdentityResult>\n"
    " <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>\n"
    "</GetCallerIdentityResponse>\n";
  static const char *rds_xml =
    "<DescribeDBClustersResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
    "<DescribeDBClustersResult><Marker>m2</Marker><DBClusters><DBCluster>"
    "<DBClusterIdentifier>db</DBClusterIdentifier><Port>5432</Port>"
    "<DBClusterMembers><DBClusterMember><DBInstanceIdentifier>i1</DBInstanceIdentifier>"
    "</DBClusterMember></DBClusterMembers><AvailabilityZones/><TagList>"
    "<Tag><Key>a&amp;b</Key><Value></Value></Tag></TagList>"
    "</DBCluster></DBClusters></DescribeDBClustersResult>"
    "<ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata>"
    "</DescribeDBClustersResponse>";
  static const char *cw_xml =
    "<GetMetricDataResponse><GetMetricDataResult><MetricDataResults><member><Id>m1</Id>"
    "<Timestamps><member>2015-08-30T00:00:00Z</member><member>2015-08-30T00:05:00Z</member>"
    "</Timestamps><Values><member>1.0</member><member>2.5</member></Values>"
    "<StatusCode>Complete</StatusCode></member></MetricDataResults><Messages/>"
    "</GetMetricDataResult></GetMetricDataResponse>";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) who = NULL;
  g_autoptr(JsonNode) rds = NULL;
  g_autoptr(JsonNode) cw = NULL;
  g_autoptr(JsonNode) apis = NULL;
  g_autoptr(JsonNode) empty = NULL;
  g_autofree char *who_json = NULL;
  g_autofree char *rds_json = NULL;
  g_autofree char *cw_json = NULL;
  g_autofree char *apis_json = NULL;
  g_autofree char *empty_json = NULL;

  who = parse ("sts", "GetCallerIdentity", 200, NULL, sts_xml, -1, &error);
  g_assert_no_error (error);
  who_json = to_json (who);
  g_assert_cmpstr (who_json, ==,
                   "{\"Arn\":\"arn:aws:iam::123456789012:user/dev\",\"UserId\":\"AIDAEXAMPLE\","
                   "\"Account\":\"123456789012\"}");

  rds = parse ("rds", "DescribeDBClusters", 200, NULL, rds_xml, -1, &error);
  g_assert_no_error (error);
  rds_json = to_json (rds);
  g_assert_cmpstr (rds_json, ==,
                   "{\"Marker\":\"m2\",\"DBClusters\":[{\"DBClusterIdentifier\":\"db\","
                   "\"Port\":\"5432\",\"DBClusterMembers\":[{\"DBInstanceIdentifier\":\"i1\"}],"
                   "\"AvailabilityZones\":[],\"TagList\":[{\"Key\":\"a&b\",\"Value\":\"\"}]}]}");

  cw = parse ("cloudwatch", "GetMetricData", 200, NULL, cw_xml, -1, &error);
  g_assert_no_error (error);
  cw_json = to_json (cw);
  g_assert_cmpstr (cw_json, ==,
                   "{\"MetricDataResults\":[{\"Id\":\"m1\",\"Timestamps\":"
                   "[\"2015-08-30T00:00:00Z\",\"2015-08-30T00:05:00Z\"],\"Values\":[\"1.0\",\"2.5\"],"
                   "\"StatusCode\":\"Complete\"}],\"Messages\":[]}");

  apis = parse ("apigateway", "GetRestApis", 200, NULL,
                "{\"item\":[{\"id\":\"a1\",\"name\":\"todo\"}],\"position\":\"p2\"}", -1, &error);
  g_assert_no_error (error);
  apis_json = to_json (apis);
  g_assert_cmpstr (apis_json, ==, "{\"position\":\"p2\",\"items\":[{\"id\":\"a1\",\"name\":\"todo\"}]}");

  {
    g_autoptr(JsonNode) stages = parse ("apigateway", "GetStages", 200, NULL,
                                        "{\"item\":[{\"stageName\":\"prod\"}]}", -1, &error);
    g_autofree char *stages_json = NULL;

    g_assert_no_error (error);
    stages_json = to_json (stages);
    g_assert_cmpstr (stages_json, ==, "{\"item\":[{\"stageName\":\"prod\"}]}");
  }

  empty = parse ("codepipeline", "DisableStageTransition", 200, NULL, "", 0, &error);
  g_assert_no_error (error);
  empty_json = to_json (empty);
  g_assert_cmpstr (empty_json, ==, "{}");
}

typedef struct
{
  const char *name;
  const char *service;
  guint       status;
  const char *headers[7];
  const char *body;
  int         error_code;
  const char *aws_code;
  const char *message_part;
  const char *request_id;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "json-type", "codepipeline", 400, { "x-amzn-RequestId", "rid-1", NULL },
    "{\"__type\":\"com.amazonaws.codepipeline#PipelineNotFoundException:http://internal/\","
    "\"message\":\"no such pipeline\"}",
    PD_AWS_ERROR_NOT_FOUND, "PipelineNotFoundException", "no such pipeline", "rid-1" },
  { "json-Message", "logs", 400, { "x-amzn-RequestId", "rid-2", NULL },
    "{\"__type\":\"ThrottlingException\",\"Message\":\"Rate exceeded\"}",
    PD_AWS_ERROR_THROTTLED, "ThrottlingException", "Rate exceeded", "rid-2" },
  { "json-body-beats-header", "codebuild", 400,
    { "X-Amzn-ErrorType", "OtherException:http://x/", NULL },
    "{\"__type\":\"InvalidInputException\",\"message\":\"bad\"}",
    PD_AWS_ERROR_VALIDATION, "InvalidInputException", "bad", NULL },
  { "json-header-only", "codebuild", 400,
    { "X-Amzn-ErrorType", "AccessDeniedException:http://x/", NULL }, "{}",
    PD_AWS_ERROR_ACCESS_DENIED, "AccessDeniedException", "(no message)", NULL },
  { "json-no-code", "codebuild", 400, { NULL }, "{\"message\":\"m\"}",
    PD_AWS_ERROR_FAILED, "400", "m", NULL },
  { "json-query-compatible", "codebuild", 400,
    { "x-amzn-query-error", "InvalidNextToken;Sender", NULL },
    "{\"__type\":\"com.amazonaws.x#InvalidNextTokenException\",\"message\":\"m\"}",
    PD_AWS_ERROR_FAILED, "InvalidNextToken", "m", NULL },
  { "json-expired", "wafv2", 400, { NULL },
    "{\"__type\":\"ExpiredTokenException\",\"message\":\"The security token included in the "
    "request is expired\"}",
    PD_AWS_ERROR_EXPIRED_TOKEN, "ExpiredTokenException", "expired", NULL },
  { "rest-json-header", "apigateway", 404,
    { "x-amzn-RequestId", "rid-3", "x-amzn-ErrorType",
      "NotFoundException:http://internal.amazon.com/coral/com.amazonaws.backplane/", NULL },
    "{\"message\":\"Invalid stage identifier specified\"}",
    PD_AWS_ERROR_NOT_FOUND, "NotFoundException", "Invalid stage identifier", "rid-3" },
  { "rest-json-code", "rds-data", 400, { NULL },
    "{\"code\":\"BadRequestException\",\"message\":\"bad sql\"}",
    PD_AWS_ERROR_VALIDATION, "BadRequestException", "bad sql", NULL },
  { "rest-json-lambda", "lambda", 429,
    { "x-amzn-ErrorType", "TooManyRequestsException", "x-amzn-RequestId", "rid-4", NULL },
    "{\"Type\":\"User\",\"message\":\"Rate exceeded\",\"Reason\":\"x\"}",
    PD_AWS_ERROR_THROTTLED, "TooManyRequestsException", "Rate exceeded", "rid-4" },
  { "rest-json-type", "apigateway", 409, { NULL },
    "{\"__type\":\"ConflictException\",\"message\":\"busy\"}",
    PD_AWS_ERROR_CONFLICT, "ConflictException", "busy", NULL },
  { "query-error", "sts", 403, { "x-amzn-RequestId", "header-id", NULL },
    "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
    "  <Error><Type>Sender</Type><Code>ExpiredToken</Code>"
    "<Message>The security token included in the request is expired</Message></Error>\n"
    "  <RequestId>c6104cbe-af31</RequestId>\n</ErrorResponse>",
    PD_AWS_ERROR_EXPIRED_TOKEN, "ExpiredToken", "security token", "c6104cbe-af31" },
  { "query-rds", "rds", 404, { NULL },
    "<ErrorResponse><Error><Type>Sender</Type><Code>DBClusterNotFoundFault</Code>"
    "<Message>DBCluster db not found.</Message></Error><RequestId>r</RequestId></ErrorResponse>",
    PD_AWS_ERROR_NOT_FOUND, "DBClusterNotFoundFault", "not found", "r" },
  { "query-ec2-style", "rds", 400, { NULL },
    "<Response><Errors><Error><Code>AuthFailure</Code><Message>no</Message></Error></Errors>"
    "<RequestID>e-1</RequestID></Response>",
    PD_AWS_ERROR_AUTH, "AuthFailure", "no", "e-1" },
  { "5xx-empty", "codepipeline", 503, { "x-amzn-RequestId", "rid-5", NULL }, "",
    PD_AWS_ERROR_SERVER, "503", "empty", "rid-5" },
  { "5xx-html", "sts", 502, { "Content-Type", "text/html", NULL },
    "<html><body><h1>502 Bad Gateway</h1></body></html>",
    PD_AWS_ERROR_SERVER, "502", "HTML", NULL },
  { "4xx-html-proxy", "logs", 403, { "Content-Type", "text/html", NULL },
    "  <!DOCTYPE html><html><body>Blocked by proxy</body></html>",
    PD_AWS_ERROR_FAILED, "403", "HTML", NULL },
  { "5xx-malformed-json", "logs", 500, { NULL }, "{\"__type\": \"Internal",
    PD_AWS_ERROR_SERVER, "500", "unreadable", NULL },
  { "4xx-malformed-xml", "sts", 400, { NULL }, "<ErrorResponse><Error><Code>X</Code>",
    PD_AWS_ERROR_FAILED, "400", "unreadable", NULL },
  { "4xx-invalid-utf8", "logs", 400, { NULL }, "{\"__type\":\"A\xff\xfe\",\"message\":\"m\"}",
    PD_AWS_ERROR_FAILED, "400", "unreadable", NULL },
  { "200-json-error-body", "codepipeline", 200, { "x-amzn-RequestId", "rid-6", NULL },
    "{\"__type\":\"ValidationException\",\"message\":\"1 validation error\"}",
    PD_AWS_ERROR_VALIDATION, "ValidationException", "validation", "rid-6" },
  { "200-xml-error-body", "sts", 200, { NULL },
    "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
    "<RequestId>r7</RequestId></ErrorResponse>",
    PD_AWS_ERROR_THROTTLED, "Throttling", "Rate exceeded", "r7" },
};

static void
test_parse_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;

      g_test_message ("case %s", c->name);
      node = parse (c->service, "Op", c->status, c->headers, c->body, -1, &error);
      g_assert_null (node);
      g_assert_error (error, PD_AWS_ERROR, c->error_code);
      g_assert_cmpstr (pd_aws_error_get_aws_code (error), ==, c->aws_code);
      g_assert_cmpuint (pd_aws_error_get_http_status (error), ==, c->status);
      g_assert_cmpstr (pd_aws_error_get_request_id (error), ==, c->request_id);
      if (strstr (error->message, c->message_part) == NULL)
        g_error ("case %s: “%s” lacks “%s”", c->name, error->message, c->message_part);
    }
}

typedef struct
{
  const char *name;
  const char *service;
  const char *content_type;
  const char *body;
  gssize      length;
  const char *message_part;
} BadCase;

static const BadCase bad_cases[] = {
  { "html-200", "codepipeline", "text/html", "<html><body>Login to Wi-Fi</body></html>", -1, "HTML page" },
  { "html-200-json-type", "logs", "application/x-amz-json-1.1", "\n<HTML>x</HTML>", -1, "HTML page" },
  { "malformed-json", "codepipeline", NULL, "{\"pipelines\": [", -1, "Malformed JSON" },
  { "truncated-json", "logs", NULL, "{\"events\":[{\"message\":\"abc", -1, "Malformed JSON" },
  { "json-array", "logs", NULL, "[1,2,3]", -1, "not an object" },
  { "json-number", "logs", NULL, "42", -1, "not an object" },
  { "json-invalid-utf8", "logs", NULL, "{\"a\":\"\xc3\x28\"}", -1, "UTF-8" },
  { "json-nul", "logs", NULL, "{\"a\":\"b\"}\0garbage", 17, "JSON" },
  { "json-deep", "logs", NULL, NULL, 0, "nested" },
  { "xml-malformed", "sts", "text/xml", "<GetCallerIdentityResponse><GetCallerIdentityResult>", -1,
    "Malformed XML" },
  { "xml-truncated", "sts", "text/xml", "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>ar",
    -1, "Malformed XML" },
  { "xml-wrong-root", "sts", "text/xml", "<Other/>", -1, "Unexpected XML" },
  { "xml-empty", "sts", "text/xml", "   ", -1, "Empty response" },
  { "xml-json-other-wrapper", "sts", "application/json", "{\"AssumeRoleResponse\":{}}", -1,
    "Unexpected JSON" },
  { "xml-invalid-utf8", "sts", "text/xml", "<GetCallerIdentityResponse>\xff</GetCallerIdentityResponse>",
    -1, "UTF-8" },
  { "xml-deep", "sts", "text/xml", NULL, 1, "nested" },
  { "xml-two-roots", "sts", "text/xml", "<a/><b/>", -1, "XML" },
};

static void
test_parse_bad_input (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      const char *headers[3] = { "Content-Type", c->content_type, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *generated = NULL;
      const char *body = c->body;
      gssize length = c->length;

      if (body == NULL && c->length == 0)
        {
          GString *deep = g_string_new (NULL);

          for (guint j = 0; j < 100000; j++)
            g_string_append_c (deep, '[');
          body = generated = g_string_free (deep, FALSE);
          length = -1;
        }
      else if (body == NULL)
        {
          GString *deep = g_string_new ("<GetCallerIdentityResponse>");

          for (guint j = 0; j < 20000; j++)
            g_string_append (deep, "<a>");
          body = generated = g_string_free (deep, FALSE);
          length = -1;
        }

      g_test_message ("case %s", c->name);
      node = parse (c->service, "GetCallerIdentity", 200, c->content_type != NULL ? headers : NULL,
                    body, length, &error);
      g_assert_null (node);
      g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
      if (strstr (error->message, c->message_part) == NULL)
        g_error ("case %s: “%s” lacks “%s”", c->name, error->message, c->message_part);
    }
}

static void
test_paging (void)
{
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) page1 = parse_object ("{\"nextToken\":\"t1\"}");
  g_autoptr(JsonObject) last = parse_object ("{\"pipelines\":[]}");
  g_autoptr(JsonObject) logs_in = json_object_new ();
  g_autoptr(JsonObject) logs1 = parse_object ("{\"nextForwardToken\":\"f/1\"}");
  g_autoptr(JsonObject) logs2 = parse_object ("{\"nextForwardToken\":\"f/1\"}");
  g_autoptr(JsonObject) lambda_in = json_object_new ();
  g_autoptr(JsonObject) lambda1 = parse_object ("{\"NextMarker\":\"m1\"}");
  g_autoptr(JsonObject) apigw_in = json_object_new ();
  g_autoptr(JsonObject) apigw1 = parse_object ("{\"position\":\"p1\"}");
  g_autoptr(JsonObject) rds_in = json_object_new ();
  g_autoptr(JsonObject) rds1 = parse_object ("{\"Marker\":\"r1\"}");
  g_autoptr(JsonObject) waf_in = json_object_new ();
  g_autoptr(JsonObject) waf1 = parse_object ("{\"NextMarker\":\"\"}");
  g_autoptr(JsonObject) wrong = parse_object ("{\"nextToken\":17}");

  g_assert_true (pd_aws_paging_next (&pd_aws_paging_next_token, input, page1));
  g_assert_cmpstr (json_object_get_string_member (input, "nextToken"), ==, "t1");
  g_assert_false (pd_aws_paging_next (&pd_aws_paging_next_token, input, last));
  /* the same token twice would loop: it ends the paging */
  g_assert_false (pd_aws_paging_next (&pd_aws_paging_next_token, input, page1));
  g_assert_false (pd_aws_paging_next (&pd_aws_paging_next_token, input, wrong));

  g_assert_true (pd_aws_paging_next (&pd_aws_paging_log_forward, logs_in, logs1));
  g_assert_cmpstr (json_object_get_string_member (logs_in, "nextToken"), ==, "f/1");
  g_assert_false (pd_aws_paging_next (&pd_aws_paging_log_forward, logs_in, logs2));

  g_assert_true (pd_aws_paging_next (pd_aws_operation_lookup ("lambda", "ListFunctions")->paging,
                                     lambda_in, lambda1));
  g_assert_cmpstr (json_object_get_string_member (lambda_in, "Marker"), ==, "m1");
  g_assert_true (pd_aws_paging_next (pd_aws_operation_lookup ("apigateway", "GetRestApis")->paging,
                                     apigw_in, apigw1));
  g_assert_cmpstr (json_object_get_string_member (apigw_in, "position"), ==, "p1");
  g_assert_true (pd_aws_paging_next (pd_aws_operation_lookup ("rds", "DescribeDBClusters")->paging,
                                     rds_in, rds1));
  g_assert_cmpstr (json_object_get_string_member (rds_in, "Marker"), ==, "r1");
  g_assert_false (pd_aws_paging_next (pd_aws_operation_lookup ("wafv2", "ListWebACLs")->paging,
                                      waf_in, waf1));
}

static void
test_typed_access (void)
{
  static const char * const statuses[] = { "InProgress", "Succeeded", "Failed", NULL };
  g_autoptr(JsonObject) object = parse_object ("{\"name\":\"p\",\"version\":3,\"status\":\"Paused\","
                                               "\"nested\":\"x\",\"ok\":\"Failed\",\"nul\":null}");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  char *value;

  name = pd_aws_json_dup_string (object, "name", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "p");

  value = pd_aws_json_dup_string (object, "version", TRUE, &error);
  g_assert_null (value);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "not a string"));
  g_clear_error (&error);

  value = pd_aws_json_dup_string (object, "missing", TRUE, &error);
  g_assert_null (value);
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "missing"));
  g_clear_error (&error);

  g_assert_null (pd_aws_json_dup_string (object, "nul", FALSE, &error));
  g_assert_no_error (error);

  g_assert_null (pd_aws_json_get_object (object, "nested", TRUE, &error));
  g_assert_error (error, PD_AWS_ERROR, PD_AWS_ERROR_PARSE);
  g_clear_error (&error);

  g_assert_cmpint (pd_aws_json_get_enum (object, "status", statuses, -1), ==, -1);
  g_assert_cmpint (pd_aws_json_get_enum (object, "ok", statuses, -1), ==, 2);
  g_assert_cmpint (pd_aws_json_get_enum (object, "version", statuses, -1), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pd/aws/protocol/json/serialize", test_json_serialize);
  g_test_add_func ("/pd/aws/protocol/rest-json/serialize", test_rest_json_serialize);
  g_test_add_func ("/pd/aws/protocol/rest-json/bad-input", test_rest_json_errors);
  g_test_add_func ("/pd/aws/protocol/query/serialize", test_query_serialize);
  g_test_add_func ("/pd/aws/protocol/query/maps", test_query_maps);
  g_test_add_func ("/pd/aws/protocol/parse/success", test_parse_success);
  g_test_add_func ("/pd/aws/protocol/parse/errors", test_parse_errors);
  g_test_add_func ("/pd/aws/protocol/parse/bad-input", test_parse_bad_input);
  g_test_add_func ("/pd/aws/protocol/paging", test_paging);
  g_test_add_func ("/pd/aws/protocol/typed-access", test_typed_access);

  return g_test_run ();
}
