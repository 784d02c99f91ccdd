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
        try file.write(ByteBuffer("{\"new\":".utf8))
        // Until the commit, readers see the old file whole.
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("old "))
        try file.write(ByteBuffer("true}".utf8))
        try file.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"new\":true}")
        #expect(try listing(directory) == ["manifest.json"])
    }

    @Test func createsAFileThatDidNotExist() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try StreamedFile(replacing: directory.path + "/run_results.json")
        try file.write(ByteBuffer("[]".utf8))
        try file.commit()
        #expect(try String(contentsOfFile: directory.path + "/run_results.json", encoding: .utf8) == "[]")
        #expect(try listing(directory) == ["run_results.json"])
    }

    @Test func piecesWrittenInTheBackgroundLandInOrderByTheCommit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/manifest.json"
        let file = try StreamedFile(replacing: path)
        var expected: [UInt8] = []
        // More pieces than may wait at once, of uneven sizes.
        for index in 0..<300 {
            let piece = Array(String(repeating: "\(index % 10)", count: 1 + (index * 7919) % 5000).utf8)
            expected += piece
            try file.writeInBackground(ByteBuffer(piece))
        }
        try file.commit()
        #expect(FileManager.default.contents(atPath: path) == Data(expected))
        #expect(try listing(directory) == ["manifest.json"])
    }

    @Test func anUncommittedFileLeavesTheOldOneAndNoTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("manifest.json", "old")
        do {
            let file = try StreamedFile(replacing: directory.path + "/manifest.json")
            try file.write(ByteBuffer("half".utf8))
        }
        #expect(try String(contentsOfFile: directory.path + "/manifest.json", encoding: .utf8) == "old")
        #expect(try listing(directory) == ["manifest.json"])
    }
}
