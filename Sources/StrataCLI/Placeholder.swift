public import ArgumentParser

/// Entry point placeholder.
public struct StrataCommand: AsyncParsableCommand {
    public init() {}
    public func run() async throws {}
}
