import Foundation
@testable import StrataCore
import Testing

/// Path text helpers, checked against the `split`-based definitions they replaced.
@Suite struct PathTextTests {
    @Test(arguments: ["a/b/c.sql", "c.sql", "a//b", "a/b/", "/", "", "/abs/x.YML", "dir.v2/file", "ünï/çødé.Sql", ".hidden", "a/.b.c"])
    func componentsStemAndExtension(path: String) {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        #expect(PathText.lastComponent(path) == last)
        #expect(PathText.components(path) == path.split(separator: "/").map(String.init))
        let expectedExt = last.lastIndex(of: ".").map { String(last[last.index(after: $0)...]).lowercased() } ?? ""
        #expect(PathText.ext(path) == expectedExt)
        #expect(PathText.stem(path) == (last.lastIndex(of: ".").map { String(last[..<$0]) } ?? last))
    }

    /// `join` builds its result in one buffer; it must agree with joining part by part, the way it was written.
    @Test(arguments: [
        ["a", "b"], ["a/", "b"], ["a", "/b", "c"], ["", ".", "a"], [], ["/", "x"], ["x", "/"], ["target", "compiled", "pkg", "m/x.sql"],
        [".", "."], ["a", "", "b/", "c"], ["/abs", "x", "/again", "y"], ["ü", "ñ/"],
    ])
    func joinAgreesWithJoiningPartByPart(parts: [String]) {
        var expected = ""
        for part in parts where !part.isEmpty && part != "." {
            if part.hasPrefix("/") { expected = part; continue }
            expected = expected.isEmpty ? part : (expected.hasSuffix("/") ? expected + part : expected + "/" + part)
        }
        #expect(PathText.join(parts) == (expected.isEmpty ? "." : expected))
    }
}

/// Listing a project's files: regular files below a folder, hidden ones skipped, linked folders followed.
@Suite struct LocalFileSystemTests {
    @Test func filesRecursivelyListsFilesSortedAndFollowsLinkedFolders() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("strata-fs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let manager = FileManager.default
        for folder in ["models/a/deep", "models/b", "models/.hidden", "elsewhere"] {
            try manager.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        for file in ["models/z.sql", "models/a/x.sql", "models/a/deep/y.yml", "models/b/w.sql", "models/.secret.sql", "models/.hidden/h.sql", "elsewhere/linked.sql"] {
            try "select 1".write(toFile: root + "/" + file, atomically: true, encoding: .utf8)
        }
        try manager.createSymbolicLink(atPath: root + "/models/link", withDestinationPath: root + "/elsewhere")
        try manager.createSymbolicLink(atPath: root + "/models/file_link.sql", withDestinationPath: root + "/models/z.sql")
        let files = LocalFileSystem().filesRecursively(in: root + "/models")
        #expect(files == ["a/deep/y.yml", "a/x.sql", "b/w.sql", "file_link.sql", "link/linked.sql", "z.sql"])
        #expect(LocalFileSystem().filesRecursively(in: root + "/missing").isEmpty)
    }
}
