import StrataCore
import StrataDiagnostics
import Testing

@Suite struct SelectorParserTests {
    private func criterion(_ raw: String) throws -> SelectionCriterion {
        try SelectorParser.parseCriterion(raw)
    }

    private func error(_ raw: [String]) -> Diagnostic? {
        do {
            _ = try SelectorParser.parse(raw)
            return nil
        } catch {
            return error
        }
    }

    @Test func spacesAreUnionsAndCommasIntersections() throws {
        let together = try SelectorParser.parse(["a b,c"])
        let apart = try SelectorParser.parse(["a", "b,c"])
        #expect(together == apart)
        #expect(together.description == "a b,c")
        guard case .union(let parts) = together.expression else {
            Issue.record("expected a union")
            return
        }
        #expect(parts.count == 2)
        guard case .intersection(let inner) = parts[1] else {
            Issue.record("expected an intersection")
            return
        }
        #expect(inner.map(\.description) == ["b", "c"])
    }

    @Test func extraWhitespaceAndEmptyInputAreHarmless() throws {
        #expect(try SelectorParser.parse(["  a \t  b "]).criteria.map(\.raw) == ["a", "b"])
        #expect(try SelectorParser.parse([]).isEmpty)
        #expect(try SelectorParser.parse([" "]).isEmpty)
    }

    @Test func bareWordsPickDBTsDefaultMethod() throws {
        #expect(try criterion("stg_orders").method == .fqn)
        #expect(try criterion("shop.staging.*").method == .fqn)
        #expect(try criterion("core.deals").method == .fqn)
        #expect(try criterion("models/staging").method == .path)
        #expect(try criterion("models/staging/stg_orders.sql").method == .path)
        #expect(try criterion("stg_orders.sql").method == .file)
        #expect(try criterion("raw_orders.CSV").method == .file)
    }

    @Test func graphOperatorsAndDepths() throws {
        let both = try criterion("2+tag:nightly+3")
        #expect(both.method == .tag && both.value == "nightly")
        #expect(both.parents && both.parentsDepth == 2)
        #expect(both.children && both.childrenDepth == 3)
        let open = try criterion("+stg_orders+")
        #expect(open.parents && open.parentsDepth == nil && open.children && open.childrenDepth == nil)
        let at = try criterion("@orders")
        #expect(at.childrensParents && !at.parents && !at.children && at.value == "orders")
        let plain = try criterion("model_v2")
        #expect(!plain.parents && !plain.children && plain.value == "model_v2")
        let digits = try criterion("2023_orders")
        #expect(!digits.parents && digits.value == "2023_orders")
    }

    @Test func methodArgumentsAndValuesWithColons() throws {
        let config = try criterion("config.materialized:table")
        #expect(config.method == .config && config.methodArguments == ["materialized"] && config.value == "table")
        let nested = try criterion("config.meta.owner:finance")
        #expect(nested.methodArguments == ["meta", "owner"])
        #expect(try criterion("test_type:schema").value == "generic")
        #expect(try criterion("test_type:data").value == "singular")
        #expect(try criterion("source:raw.orders+").value == "raw.orders")
    }

    @Test func canonicalSpellingNamesTheMethod() throws {
        #expect(try criterion("2+stg_orders+1").canonicalSpelling == "2+fqn:stg_orders+1")
        #expect(try criterion("@config.materialized:table").canonicalSpelling == "@config.materialized:table")
    }

    @Test func unknownMethodListsValidOnesAndSuggests() throws {
        let diagnostic = try #require(error(["tga:nightly"]))
        #expect(diagnostic.code == "G4101")
        #expect(diagnostic.message == "unknown selector method 'tga' in 'tga:nightly'")
        #expect(diagnostic.help == "did you mean 'tag'?")
        #expect(
            diagnostic.notes == [
                "valid methods: config, file, fqn, package, path, resource_type, schema, source, state, tag, "
                    + "test_name, test_type"
            ])
    }

    @Test func unsupportedDBTMethodsSaySo() throws {
        let diagnostic = try #require(error(["result:error"]))
        #expect(diagnostic.code == "G4101")
        #expect(diagnostic.notes.first == "'result' is a dbt selector method that strata does not support yet")
    }

    @Test func stateValuesAreChecked() throws {
        let criterion = try SelectorParser.parseCriterion("state:modified.body+")
        #expect(criterion.method == .state)
        #expect(criterion.value == "modified.body")
        #expect(criterion.children)
        let diagnostic = try #require(error(["state:modifed"]))
        #expect(diagnostic.code == "G4103")
        #expect(diagnostic.help == "did you mean 'modified'?")
    }

    @Test(arguments: [
        ("3+", "invalid selector '3+': expected a node name or 'method:value' next to the graph operators"),
        ("+", "invalid selector '+': expected a node name or 'method:value' next to the graph operators"),
        ("@", "invalid selector '@': expected a node name or 'method:value' next to the graph operators"),
        ("tag:", "invalid selector 'tag:': expected a node name or 'method:value' next to the graph operators"),
        ("@orders+", "invalid selector '@orders+': the '@' prefix and a trailing '+' cannot be combined"),
        ("orders++", "invalid selector 'orders++': unexpected '+' inside the selector value 'orders+'"),
        ("a+b", "invalid selector 'a+b': unexpected '+' inside the selector value 'a+b'"),
        (
            "config:table",
            "invalid selector 'config:table': the config method needs a key, as in 'config.materialized:table'"
        ),
        ("tag.x:y", "invalid selector 'tag.x:y': the 'tag' method takes no '.x'"),
    ])
    func malformedSelectors(raw: String, message: String) throws {
        let diagnostic = try #require(error([raw]))
        #expect(diagnostic.code == "G4102")
        #expect(diagnostic.message == message)
        #expect(diagnostic.severity == .error)
    }

    @Test func invalidValuesForClosedVocabularies() throws {
        let type = try #require(error(["resource_type:modle"]))
        #expect(type.code == "G4103")
        #expect(type.message == "invalid selector 'resource_type:modle': 'modle' is not a resource type")
        #expect(type.help == "did you mean 'model'?")
        let test = try #require(error(["test_type:singlar"]))
        #expect(test.help == "did you mean 'singular'?")
        #expect(test.notes == ["valid values: generic, singular, unit"])
        let source = try #require(error(["source:a.b.c.d"]))
        #expect(source.code == "G4103")
    }

    @Test func firstBadCriterionStopsTheParse() throws {
        let diagnostic = try #require(error(["stg_orders", "tag:ok,bogus:x"]))
        #expect(diagnostic.message == "unknown selector method 'bogus' in 'bogus:x'")
    }
}
