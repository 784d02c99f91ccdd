/// The logical type Strata infers for a seed column; adapters map it to their own type names.
public enum SeedColumnType: String, Sendable, Hashable {
    case integer, number, date, timestamp, boolean, text
}

/// A seed's column: its name, the inferred or configured type, and the database type to declare.
public struct SeedColumn: Sendable, Hashable {
    /// Column name from the header.
    public var name: String
    /// Inferred logical type.
    public var inferred: SeedColumnType
    /// A type from `column_types`, used verbatim when present.
    public var override: String?

    /// Creates a column description.
    public init(name: String, inferred: SeedColumnType, override: String? = nil) {
        self.name = name
        self.inferred = inferred
        self.override = override
    }
}

/// A parsed seed file: header, column types and rows of text fields (nil for SQL NULL).
public struct SeedTable: Sendable {
    /// Columns in file order.
    public var columns: [SeedColumn]
    /// Rows in file order; each has exactly `columns.count` fields.
    public var rows: [[String?]]

    /// Creates a table.
    public init(columns: [SeedColumn], rows: [[String?]]) {
        self.columns = columns
        self.rows = rows
    }
}
