import Foundation
@testable import StrataCore
import StrataTestSupport
import Testing

/// Artifacts written in pieces replace the old file in one step and leave nothing else behind.
@Suite struct StreamedFileTests {
    private func listing(_ directory: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    @Test func replacesAnExistingFileAndRemovesTheOldOne() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("manifest.json", String(repeating: "old ", count: 10_000))
        let path = directory.path + "/manifest.json"
        let file = try StreamedFile(replacing: path)
        try file.write(Array("{\"new\":".utf8))
        // Until the commit, readers see the old file whole.
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("old "))
        try file.write(Array("true}".utf8))
        try file.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"new\":true}")
        #expect(try listing(directory) == ["manifest.json"])
    }

    @Test func createsAFileThatDidNotExist() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try StreamedFile(replacing: directory.path + "/run_results.json")
        try file.write(Array("[]".utf8))
        try file.commit()
        #expect(try String(contentsOfFile: directory.path + "/run_results.json", encoding: .utf8) == "[]")
        #expect(try listing(directory) == ["run_results.json"])
    }

    @Test func anUncommittedFileLeavesTheOldOneAndNoTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("manifest.json", "old")
        do {
            let file = try StreamedFile(replacing: directory.path + "/manifest.json")
            try file.write(Array("half".utf8))
        }
        #expect(try String(contentsOfFile: directory.path + "/manifest.json", encoding: .utf8) == "old")
        #expect(try listing(directory) == ["manifest.json"])
    }
}
