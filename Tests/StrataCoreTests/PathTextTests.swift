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
}
