/// Near-miss suggestions ("did you mean …?") by Levenshtein distance.
public enum EditDistance {
    /// The number of single-character edits that turn one string into the other.
    public static func distance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.unicodeScalars)
        let b = Array(rhs.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The closest candidate, if it is close enough to be a plausible typo.
    /// - Parameters:
    ///   - name: what the user wrote.
    ///   - candidates: the names that exist.
    /// - Returns: the best candidate within a third of the name's length (at least 2 edits), or nil.
    public static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        let limit = max(2, name.count / 3)
        var best: (name: String, distance: Int)?
        let lowered = name.lowercased()
        for candidate in candidates where candidate != name {
            let lengthGap = abs(candidate.count - name.count)
            if lengthGap > limit { continue }
            let d = candidate.lowercased() == lowered ? 0 : distance(lowered, candidate.lowercased())
            if d <= limit, best == nil || d < best!.distance || (d == best!.distance && candidate < best!.name) {
                best = (candidate, d)
            }
        }
        return best?.name
    }
}
