import Foundation
import StrataTestSupport
import Testing

/// A real HTTP endpoint on an ephemeral loopback port (Python's `http.server` in a subprocess) that records every
/// POST it gets: exports are tested against a socket, not a stand-in.
final class HTTPReceiver {
    /// How it answers.
    enum Behavior: String {
        /// 200 to everything.
        case accepting
        /// 503 to every odd-numbered request: each batch's first attempt fails and its retry succeeds.
        case failingFirstAttempts
        /// 500 to everything.
        case failing
    }

    /// One request as received.
    struct Request {
        var status: Int
        var contentType: String?
        var authorization: String?
        /// The posted JSON array of row objects.
        var rows: [[String: Any]]
    }

    let directory: TemporaryDirectory
    let process: Process
    let port: Int

    var url: String { "http://127.0.0.1:\(port)/import" }

    init(_ behavior: Behavior) throws {
        directory = try TemporaryDirectory(prefix: "strata-receiver")
        try directory.write("receiver.py", Self.script)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", directory.path + "/receiver.py", behavior.rawValue, directory.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let portFile = directory.path + "/port"
        let deadline = Date().addingTimeInterval(90)
        while !FileManager.default.fileExists(atPath: portFile) && Date() < deadline && process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
        }
        port = Int((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? "") ?? 0
        if port == 0 {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(
                .fileReadNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the HTTP receiver did not start"])
        }
    }

    /// What it received so far, in order.
    func requests() throws -> [Request] {
        let text = (try? String(contentsOfFile: directory.path + "/requests.jsonl", encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return Request(
                status: object["status"] as? Int ?? 0, contentType: object["content_type"] as? String,
                authorization: object["authorization"] as? String, rows: object["rows"] as? [[String: Any]] ?? [])
        }
    }

    func stop() {
        // SIGKILL: a child started from a Dispatch worker inherits its blocked signals, so SIGTERM would wait forever.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        directory.remove()
    }

    private static let script = """
        import http.server, json, os, sys

        behavior, directory = sys.argv[1], sys.argv[2]
        count = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                global count
                count += 1
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                failing = behavior == "failing" or (behavior == "failingFirstAttempts" and count % 2 == 1)
                status = (500 if behavior == "failing" else 503) if failing else 200
                with open(os.path.join(directory, "requests.jsonl"), "a") as log:
                    log.write(json.dumps({"status": status, "content_type": self.headers.get("Content-Type"),
                                          "authorization": self.headers.get("Authorization"),
                                          "rows": json.loads(body)}) + "\\n")
                reply = b'{"error": "try again"}' if failing else b'{"ok": true}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        with open(os.path.join(directory, "port.tmp"), "w") as port:
            port.write(str(server.server_address[1]))
        os.rename(os.path.join(directory, "port.tmp"), os.path.join(directory, "port"))
        server.serve_forever()
        """
}
