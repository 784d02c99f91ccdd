import Foundation
import Synchronization
@testable import StrataCore
import Testing

/// Large intermediate structures are freed on a thread of their own, or kept until the process exits once a
/// one-shot command asks for that.
struct ReleasePolicyTests {
    private final class Tracked: Sendable {}

    /// Whether the weakly held object is freed within `seconds`.
    private func isFreed(within seconds: Double, _ reference: () -> AnyObject?) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if reference() == nil { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return reference() == nil
    }

    @Test func aValueIsFreedInTheBackgroundUnlessKeptUntilExit() {
        // The policy is process-wide and only ever switched on: the default is checked while it is still in effect.
        let alreadyKeeping = ReleasePolicy.keepsUntilExit.load(ordering: .relaxed)
        weak var released: Tracked?
        do {
            let value = Tracked()
            released = value
            releaseInBackground(value)
        }
        if !alreadyKeeping { #expect(isFreed(within: 5) { released }) }

        ReleasePolicy.keepUntilExit()
        weak var kept: Tracked?
        do {
            let value = Tracked()
            kept = value
            releaseInBackground(value)
        }
        #expect(!isFreed(within: 0.5) { kept }, "a value handed over after keepUntilExit() lives until the process exits")
    }
}
