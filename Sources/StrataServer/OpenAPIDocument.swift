import StrataCore

/// The OpenAPI 3.1 description of `strata serve`'s API, served at `/openapi.json`.
enum OpenAPIDocument {
    static let json: String = {
        func ref(_ name: String) -> JSON { .object([("$ref", .string("#/components/schemas/\(name)"))]) }
        func response(_ description: String, _ schema: JSON? = nil, type: String = "application/json") -> JSON {
            var fields: [(key: String, value: JSON)] = [("description", .string(description))]
            if let schema { fields.append(("content", .object([(type, .object([("schema", schema)]))]))) }
            return .object(fields)
        }
        let errors: [(key: String, value: JSON)] = [
            ("400", response("Malformed request: unknown column, bad filter, limit out of range", ref("Error"))),
            ("401", response("Missing or invalid bearer token", ref("Error"))),
            ("403", response("The token lacks the scope", ref("Error"))),
            ("404", response("Unknown model or run", ref("Error"))),
        ]
        func parameter(_ name: String, in place: String = "query", _ description: String, type: String = "string", required: Bool = false) -> JSON {
            .object([
                ("name", .string(name)), ("in", .string(place)), ("required", .bool(required || place == "path")),
                ("description", .string(description)), ("schema", .object([("type", .string(type))])),
            ])
        }
        let model = parameter("model", in: "path", "schema.name, a unique id, or an unambiguous name")
        func operation(_ summary: String, _ parameters: [JSON], _ ok: JSON, scope: String, okCode: String = "200", body: JSON? = nil) -> JSON {
            var fields: [(key: String, value: JSON)] = [
                ("summary", .string(summary)), ("parameters", .array(parameters)),
                ("responses", .object([(okCode, ok)] + errors)),
                ("security", .array([.object([("bearer", .array([.string(scope)]))])])),
            ]
            if let body { fields.append(("requestBody", body)) }
            return .object(fields)
        }
        let rowParameters: [JSON] = [
            model,
            parameter("select", "Comma-separated columns to return (default all)"),
            parameter("order", "Sort columns: a.desc,b (asc by default)"),
            parameter("limit", "1 to \(DataQuery.maximumLimit) (default \(DataQuery.defaultLimit))", type: "integer"),
            parameter("offset", "Rows to skip", type: "integer"),
            parameter("cursor", "next_cursor of the previous page (keyset paging; needs the same order)"),
            .object([
                ("name", .string("filters")), ("in", .string("query")), ("style", .string("form")), ("explode", .bool(true)),
                ("description", .string("<column>=<op>.<value> with op eq, neq, gt, gte, lt, lte, like, ilike, in.(a,b), is.null, is.notnull")),
                ("schema", .object([("type", .string("object")), ("additionalProperties", .object([("type", .string("string"))]))])),
            ]),
        ]
        let document: JSON = .object([
            ("openapi", .string("3.1.0")),
            ("info", .object([("title", .string("Strata data API")), ("version", .string("1"))])),
            ("paths", .object([
                ("/api/models", .object([("get", operation("List the models the warehouse holds, with their columns", [], response("Models", .object([("type", .string("object")), ("properties", .object([("models", .object([("type", .string("array")), ("items", ref("Model"))]))]))])), scope: "read"))])),
                ("/api/models/{model}", .object([("get", operation("One model's metadata and columns", [model], response("Model", ref("Model")), scope: "read"))])),
                ("/api/models/{model}/rows", .object([("get", operation("A page of a model's rows", rowParameters, response("Rows", ref("Rows")), scope: "read"))])),
                ("/api/models/{model}/export.csv", .object([("get", operation("The whole model as CSV, streamed", [model], response("CSV", .object([("type", .string("string"))]), type: "text/csv"), scope: "read"))])),
                ("/api/models/{model}/export.jsonl", .object([("get", operation("The whole model as JSON lines, streamed", [model], response("JSON lines", .object([("type", .string("string"))]), type: "application/x-ndjson"), scope: "read"))])),
                ("/api/runs", .object([
                    ("get", operation("Runs, newest first: queued, running and recorded", [parameter("limit", "1 to 1000 (default 50)", type: "integer")], response("Runs", .object([("type", .string("object")), ("properties", .object([("runs", .object([("type", .string("array")), ("items", ref("Run"))]))]))])), scope: "read")),
                    ("post", operation("Queue a run", [], response("Queued", .object([("type", .string("object")), ("properties", .object([("run_id", .object([("type", .string("string"))])), ("state", .object([("type", .string("string"))])), ("url", .object([("type", .string("string"))]))]))])), scope: "run", okCode: "202",
                        body: .object([("content", .object([("application/json", .object([("schema", ref("RunOrder"))]))]))]))),
                ])),
                ("/api/runs/{run}", .object([("get", operation("One run with its node results and log", [parameter("run", in: "path", "Run id")], response("Run", ref("Run")), scope: "read"))])),
                ("/metrics", .object([("get", .object([("summary", .string("Prometheus metrics")), ("responses", .object([("200", response("Metrics", .object([("type", .string("string"))]), type: "text/plain"))]))]))])),
                ("/health", .object([("get", .object([("summary", .string("Liveness")), ("security", .array([])), ("responses", .object([("200", response("OK"))]))]))])),
            ])),
            ("components", .object([
                ("securitySchemes", .object([("bearer", .object([("type", .string("http")), ("scheme", .string("bearer"))]))])),
                ("schemas", .object([
                    ("Error", .object([("type", .string("object")), ("properties", .object([("error", .object([("type", .string("object")), ("properties", .object([("code", .object([("type", .string("string"))])), ("message", .object([("type", .string("string"))])), ("parameter", .object([("type", .string("string"))]))]))]))]))])),
                    ("Column", .object([("type", .string("object")), ("properties", .object([("name", .object([("type", .string("string"))])), ("type", .object([("type", .string("string"))])), ("description", .object([("type", .string("string"))]))]))])),
                    ("Model", .object([("type", .string("object")), ("properties", .object([
                        ("name", .object([("type", .string("string"))])), ("unique_id", .object([("type", .string("string"))])),
                        ("resource_type", .object([("type", .string("string"))])), ("materialization", .object([("type", .string("string"))])),
                        ("description", .object([("type", .string("string"))])), ("tags", .object([("type", .string("array")), ("items", .object([("type", .string("string"))]))])),
                        ("columns", .object([("type", .string("array")), ("items", ref("Column"))])), ("rows_url", .object([("type", .string("string"))])),
                    ]))])),
                    ("Rows", .object([("type", .string("object")), ("properties", .object([
                        ("model", .object([("type", .string("string"))])), ("columns", .object([("type", .string("array")), ("items", .object([("type", .string("string"))]))])),
                        ("limit", .object([("type", .string("integer"))])), ("offset", .object([("type", .string("integer"))])),
                        ("rows", .object([("type", .string("array")), ("items", .object([("type", .string("object"))]))])),
                        ("next_cursor", .object([("type", .string("string"))])),
                    ]))])),
                    ("RunOrder", .object([("type", .string("object")), ("properties", .object([
                        ("command", .object([("type", .string("string")), ("enum", .strings(ScheduledCommand.allCases.map(\.rawValue)))])),
                        ("select", .object([("type", .string("array")), ("items", .object([("type", .string("string"))]))])),
                        ("exclude", .object([("type", .string("array")), ("items", .object([("type", .string("string"))]))])),
                    ]))])),
                    ("Run", .object([("type", .string("object")), ("properties", .object([
                        ("run_id", .object([("type", .string("string"))])), ("state", .object([("type", .string("string"))])),
                        ("command", .object([("type", .string("string"))])), ("selection", .object([("type", .string("string"))])),
                        ("trigger", .object([("type", .string("string"))])), ("attempt", .object([("type", .string("integer"))])),
                        ("started_at", .object([("type", .string("string"))])), ("ended_at", .object([("type", .string("string"))])),
                        ("nodes", .object([("type", .string("array")), ("items", .object([("type", .string("object"))]))])),
                        ("logs", .object([("type", .string("string"))])),
                    ]))])),
                ])),
            ])),
        ])
        return document.encoded(pretty: true)
    }()
}
