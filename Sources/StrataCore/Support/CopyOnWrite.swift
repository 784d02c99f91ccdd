/// A value of many fields kept in one shared box and copied only when it is changed while shared. For the
/// structs a large project holds by the tens of thousands and changes step by step (model and test units), passed
/// through arrays and parallel maps: copying one is then a single retain instead of one per field.
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

/// Like `CopyOnWrite`, for values built whole and then mostly read (models after loading, test definitions, graph
/// and compiled nodes): the box's fields are a constant, so a read borrows them in place, with neither a reference
/// count nor an exclusivity check (a mutable box's field is copied out on every read, since something could change
/// it meanwhile); a change, in turn, copies the fields into a new box. For the manifest of 100,000 models, whose
/// nodes are read long after they were made, each such count was a cache miss of its own.
@usableFromInline
struct FrozenFields<Fields: Sendable>: Sendable {
    @usableFromInline final class Box: Sendable {
        @usableFromInline let fields: Fields
        @usableFromInline init(_ fields: Fields) { self.fields = fields }
    }

    @usableFromInline var box: Box

    @inlinable init(_ fields: Fields) { box = Box(fields) }

    @inlinable var fields: Fields {
        _read { yield box.fields }
        _modify {
            var fields = box.fields
            yield &fields
            box = Box(fields)
        }
    }
}
