import Foundation
import StrataTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The generated site in a real headless Chromium (installed by `.ci/run`; skipped elsewhere unless
/// `STRATA_REQUIRE_CHROMIUM` is set): search, a node's page with its columns, lineage graph and a column's
/// upstream columns, with a screenshot kept under `.build/test-artifacts/`.
@Suite(.serialized) struct DocsSiteBrowserTests {
    static let chromium: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }()
    static let required = ProcessInfo.processInfo.environment["STRATA_REQUIRE_CHROMIUM"] != nil

    /// Runs headless Chromium on a URL and returns what it printed (the DOM, with `--dump-dom`).
    static func chromium(_ arguments: [String], profile: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(chromium))
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(profile)", "--virtual-time-budget=5000",
            ] + arguments
        let output = profile + "/stdout"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return try String(contentsOfFile: output, encoding: .utf8)
    }

    @Test(.enabled(if: chromium != nil || required)) func searchOpenAModelAndFollowAColumn() throws {
        try #require(Self.chromium != nil, "STRATA_REQUIRE_CHROMIUM is set but no chromium is installed")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Examples/insurance")
        #expect(try CLIRunner.run(["build", "--project-dir", directory.path]).status == 0)
        let generated = try CLIRunner.run(["docs", "generate", "--project-dir", directory.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        let page = "file://" + directory.path + "/target/docs/index.html"
        let profile = try TemporaryDirectory()
        defer { profile.remove() }

        let search = try Self.chromium(["--dump-dom", page + "#search=premium"], profile: profile.path)
        #expect(search.contains("data-ready-ms="), "the page's script did not finish")
        let count = try #require(search.firstMatch(of: /<div id="count">(\d+) of (\d+) nodes<\/div>/))
        #expect(Int(count.1)! >= 1 && Int(count.1)! < Int(count.2)!, "search did not filter: \(count.0)")
        #expect(search.contains("finance.premium_income</a>") || search.contains(">premium_income</a>"))
        #expect(!search.contains(">claims.claim_events</a>"))

        let id = "model.insurance.finance.premium_income"
        let node = try Self.chromium(["--dump-dom", page + "#node=\(id)&column=amount_outstanding"], profile: profile.path)
        #expect(node.contains("<h1>finance.premium_income</h1>"))
        for column in ["invoice_id", "amount_outstanding", "payment_status"] {
            #expect(node.contains("data-column=\"\(column)\""), "column \(column) missing")
        }
        #expect(node.contains("<td>INT</td>"), "warehouse column types missing")
        #expect(node.contains("data-id=\"\(id)\""), "the graph has no focused node")
        #expect(node.contains("class=\"gnode seed\" data-id=\"seed.insurance.raw.premium_invoices\""))
        #expect(node.contains("data-id=\"model.insurance.finance.outstanding_premiums\""), "a child is missing from the graph")
        let upstream = try #require(node.firstMatch(of: /<div id="column-upstream">(.*?)<\/div>/))
        #expect(upstream.1.contains("raw.premium_invoices.amount_due"))
        #expect(upstream.1.contains("raw.premium_invoices.amount_paid"))
        #expect(node.contains("<span class=\"kw\">"), "the SQL chunk was not loaded")

        let artifacts = RepositoryPaths.root() + "/.build/test-artifacts"
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts + "/docs-premium_income.png"
        try? FileManager.default.removeItem(atPath: screenshot)
        _ = try Self.chromium(
            ["--hide-scrollbars", "--window-size=1400,2000", "--screenshot=\(screenshot)", page + "#node=\(id)&column=amount_outstanding"],
            profile: profile.path)
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
        #expect(size > 10_000, "no screenshot at \(screenshot)")
    }
}

/// `strata docs serve`: the site over HTTP on an ephemeral port, live reload, and a clean stop on SIGTERM.
@Suite(.timeLimit(.minutes(3))) struct DocsServeTests {
    /// A session whose requests give up after 15 s, so a server that stops answering fails the test instead of
    /// hanging it.
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        configuration.timeoutIntervalForResource = 120
        return URLSession(configuration: configuration)
    }()

    static func get(_ url: String) async throws -> (Int, String) {
        let (data, response) = try await session.data(from: try #require(URL(string: url)))
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test func servesTheSiteAndReloadsOnChange() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Examples/insurance")
        let server = try CLIRunner.start([
            "docs", "serve", "--project-dir", directory.path, "--port", "0", "--live-reload", "--empty-catalog",
        ])
        defer { if server.process.isRunning { server.signal(SIGKILL) } }
        var base: String?
        for _ in 0..<600 where base == nil {
            if let match = server.stderrSoFar.firstMatch(of: /Serving docs at (http:\/\/127\.0\.0\.1:\d+)\//) {
                base = String(match.1)
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let root = try #require(base, "no address announced: \(server.stderrSoFar)")

        let (status, html) = try await Self.get(root + "/")
        #expect(status == 200)
        #expect(html.contains("id=\"strata-data\"") && html.contains("/__strata/generation"))
        let (dataStatus, data) = try await Self.get(root + "/docs.json")
        #expect(dataStatus == 200 && data.contains("model.insurance.finance.premium_income"))
        #expect(try await Self.get(root + "/code/0.js").1.hasPrefix("window.strataCode("))
        #expect(try await Self.get(root + "/code/..%2F..%2Fprofiles.yml").0 == 404)
        #expect(try await Self.get(root + "/__strata/generation").1 == "0")

        let model = directory.path + "/models/finance_1/premium_income.sql"
        var sql = try String(contentsOfFile: model, encoding: .utf8)
        sql = sql.replacingOccurrences(of: "as payment_status", with: "as payment_state")
        try sql.write(toFile: model, atomically: true, encoding: .utf8)
        var generation = "0"
        for _ in 0..<1200 where generation == "0" {
            try await Task.sleep(for: .milliseconds(100))
            generation = try await Self.get(root + "/__strata/generation").1
        }
        #expect(generation == "1", "the site was not generated again: \(server.stderrSoFar)")
        #expect(try await Self.get(root + "/docs.json").1.contains("\"payment_state\""))

        server.signal(SIGTERM)
        let finished = server.wait()
        #expect(finished.status == 0, "\(finished.stderr)")
    }
}
