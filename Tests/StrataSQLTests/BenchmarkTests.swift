import Dispatch
import Foundation
import StrataDiagnostics
import StrataSQL
import Testing

/// Throughput of reference extraction and parsing over a folder of `.sql` files named by `STRATA_BENCH_DIR`.
/// Prints figures and asserts nothing about time; run it in release:
/// `STRATA_BENCH_DIR=/tmp/bench_sql swift test -c release --filter BenchmarkTests`.
@Suite struct BenchmarkTests {
    static let folder = ProcessInfo.processInfo.environment["STRATA_BENCH_DIR"]

    @Test(.enabled(if: folder != nil)) func extractionThroughput() throws {
        let texts = try Self.load()
        let megabytes = Double(texts.reduce(0) { $0 + $1.utf8.count }) / 1_000_000
        for (name, work) in Self.workloads {
            let cpu = Self.threadCPUTime { for text in texts { _ = work(text) } }
            print(
                "bench \(name): \(texts.count) files, \(String(format: "%.1f", megabytes)) MB: \(String(format: "%.3f", cpu)) s CPU on one thread (\(Int(megabytes / cpu)) MB/s)"
            )
            for threads in [1, 2] {
                let seconds = Self.time(threads: threads, count: texts.count) { index in work(texts[index]) }
                print(
                    "bench \(name): \(threads) thread(s): \(String(format: "%.3f", seconds)) s wall (\(Int(megabytes / seconds)) MB/s)"
                )
            }
        }
    }

    @Test(.enabled(if: folder != nil)) func corpusIsClean() throws {
        let texts = try Self.load()
        var dirty = 0
        for text in texts {
            let parsed = Parser.parse(text, dialect: .postgres).diagnostics
            let extracted = RelationReferences.extract(from: text, dialect: .postgres).diagnostics
            if !parsed.isEmpty || !extracted.isEmpty {
                dirty += 1
                if dirty <= 3 { print(DiagnosticRenderer().render(parsed + extracted)) }
            }
        }
        print("bench corpus: \(dirty) of \(texts.count) files have diagnostics")
    }

    static let workloads: [(String, @Sendable (String) -> Int)] = [
        ("lex", { Lexer(dialect: .postgres).tokenize($0).count }),
        ("extract", { RelationReferences.extract(from: $0, dialect: .postgres).references.count }),
        ("parse", { Parser.parse($0, dialect: .postgres).statements.count }),
    ]

    /// CPU time of the calling thread spent in `body`, best of three; insensitive to other processes' load.
    static func threadCPUTime(_ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            var start = timespec()
            var end = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
            body()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
            best = min(best, Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9)
        }
        return best
    }

    static func load() throws -> [String] {
        let url = URL(filePath: folder!)
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".sql") }
            .sorted()
        return try names.map { try String(contentsOf: url.appending(path: $0), encoding: .utf8) }
    }

    /// Best of three runs of `body` over `0..<count`, split across `threads`.
    static func time(threads: Int, count: Int, _ body: @escaping @Sendable (Int) -> Int) -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            DispatchQueue.concurrentPerform(iterations: threads) { slice in
                var sink = 0
                for index in stride(from: slice, to: count, by: threads) { sink &+= body(index) }
                if sink == -1 { print(sink) }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }
}
