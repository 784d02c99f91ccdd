import StrataCore
import Testing

@Suite struct RowEncodingTests {
    @Test func csvQuotesOnlyWhatRFC4180RequiresAndTellsEmptyFromNull() {
        let row: [QueryValue] = [
            .text("plain"), .text("a,b"), .text("say \"hi\""), .text("two\nlines"), .text("cr\r"), .text(""), .null,
            .integer(-3),
        ]
        #expect(RowEncoding.csvRecord(row) == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\"\",,-3\n")
        #expect(RowEncoding.csvHeader(["id", "first, last"]) == "id,\"first, last\"\n")
    }

    @Test func jsonKeepsTypesAndColumnOrder() {
        let keys = RowEncoding.jsonKeys(["z", "a", "price", "ok", "note", "ratio", "big", "bad", "raw"])
        let row: [QueryValue] = [
            .integer(1), .text("x\"y\n"), .decimal("12.50"), .bool(true), .null, .double(0.25),
            .decimal("123456789012345678901.5"),
            .decimal("NaN"), .blob([0xde, 0xad]),
        ]
        #expect(
            RowEncoding.jsonObject(row, keys: keys)
                == #"{"z":1,"a":"x\"y\n","price":12.50,"ok":true,"note":null,"ratio":0.25,"big":123456789012345678901.5,"bad":"NaN","raw":"\\xdead"}"#
        )
    }

    @Test func retriesBackOffExponentiallyUpToACap() {
        let policy = RetryPolicy(retries: 6, firstDelay: 0.5, maxDelay: 4)
        #expect((1...6).map(policy.delay(beforeRetry:)) == [0.5, 1, 2, 4, 4, 4])
        #expect([500, 502, 503, 408, 429].allSatisfy(RetryPolicy.isRetryable(status:)))
        #expect(![400, 401, 404, 422].contains(where: RetryPolicy.isRetryable(status:)))
    }
}
