import StrataDiagnostics
import Synchronization
import Testing

@testable import StrataCore

/// The boxes that hold the fields of models, nodes and units, and the parallel pass that changes units in place:
/// both must keep value semantics while sharing storage.
@Suite struct SharedFieldsTests {
    @Test func aChangedCopyOfAFrozenValueLeavesTheOriginalAlone() {
        let original = GraphNode(id: "model.shop.orders", name: "orders", resourceType: .model, tags: ["daily"])
        var copy = original
        #expect(copy.storage.box === original.storage.box, "a copy shares the box until it changes")
        copy.tags.append("finance")
        copy.schema = "analytics"
        #expect(copy.storage.box !== original.storage.box)
        #expect(original.tags == ["daily"])
        #expect(original.schema == "")
        #expect(copy.tags == ["daily", "finance"])
        #expect(copy.schema == "analytics")
    }

    @Test func updateChangesSeveralFieldsInOneNewBox() {
        let file = SourceFile(path: "models/orders.sql", text: "select 1")
        let original = Model(
            id: "model.shop.orders", name: "orders", fileStem: "orders", packageName: "shop", path: "models/orders.sql",
            relativePath: "orders.sql", fqn: ["shop", "orders"], file: file, config: NodeConfig())
        var changed = original
        changed.update { fields in
            fields.description = "Orders"
            fields.patchPath = "models/schema.yml"
        }
        #expect(changed.description == "Orders")
        #expect(changed.patchPath == "models/schema.yml")
        #expect(original.description == "")
        #expect(original.patchPath == nil)
    }

    /// Below the serial threshold on the calling thread, above it on all cores: either way every element is changed
    /// once, in place, and the outputs come back in the elements' order.
    @Test(arguments: [10, 10_000])
    func parallelUpdateChangesEveryElementOnceInOrder(count: Int) {
        var elements = (0..<count).map { [$0] }
        let calls = Atomic<Int>(0)
        let outputs = ParallelMap.update(&elements) { element -> Int in
            calls.add(1, ordering: .relaxed)
            element.append(element[0] * 2)
            return element[0] + 1
        }
        #expect(calls.load(ordering: .relaxed) == count)
        #expect(elements == (0..<count).map { [$0, $0 * 2] })
        #expect(outputs == Array(1...count))
    }
}
