/// A value of many fields kept in one shared box and copied only when it is changed while shared. For the
/// structs a large project holds by the tens of thousands (models, graph nodes, test definitions, compiled nodes,
/// model and test units), passed through dictionaries, arrays and parallel maps: copying one is then a single
/// retain instead of one per field.
@usableFromInline
struct CopyOnWrite<Fields: Sendable>: Sendable {
    @usableFromInline final class Box: @unchecked Sendable {
        // Written only through `fields`' modify accessor, which first gives a shared box up for a copy of its own.
        @usableFromInline var fields: Fields
        @usableFromInline init(_ fields: Fields) { self.fields = fields }
    }

    @usableFromInline var box: Box

    @inlinable init(_ fields: Fields) { box = Box(fields) }

    @inlinable var fields: Fields {
        _read { yield box.fields }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields
        }
    }
}
