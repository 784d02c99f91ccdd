/// One Airflow DAG: its tasks, the sensors waiting on other DAGs, and the edges between them.
public struct AirflowDAG: Sendable, Equatable {
    public struct Edge: Sendable, Hashable {
        public var upstream: String
        public var downstream: String

        public init(upstream: String, downstream: String) {
            self.upstream = upstream
            self.downstream = downstream
        }
    }

    public var id: String
    /// A cron expression or an Airflow preset.
    public var schedule: String
    /// The IANA zone the schedule is read in.
    public var timeZone: String
    public var tasks: [AirflowTask] = []
    public var sensors: [AirflowSensor] = []
    public var edges: [Edge] = []

    public init(id: String, schedule: String, timeZone: String) {
        self.id = id
        self.schedule = schedule
        self.timeZone = timeZone
    }

    /// The task ids each task and sensor waits for: Airflow's `upstream_task_ids`.
    public var upstreamTaskIDs: [String: Set<String>] {
        var map = Dictionary(uniqueKeysWithValues: (tasks.map(\.id) + sensors.map(\.id)).map { ($0, Set<String>()) })
        for edge in edges { map[edge.downstream, default: []].insert(edge.upstream) }
        return map
    }

    /// A name Airflow accepts as a DAG or task id and Python as part of an identifier: schema dots become `__`,
    /// anything else outside `[A-Za-z0-9_]` becomes `_`.
    public static func identifier(_ name: String) -> String {
        var result = ""
        for scalar in name.unicodeScalars {
            if scalar == "." {
                result += "__"
            } else if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" {
                result.unicodeScalars.append(scalar)
            } else {
                result += "_"
            }
        }
        return result
    }
}

/// A BashOperator that builds one node.
public struct AirflowTask: Sendable, Equatable {
    public var id: String
    public var nodeID: String
    /// What `--select` is given.
    public var selector: String

    public init(id: String, nodeID: String, selector: String) {
        self.id = id
        self.nodeID = nodeID
        self.selector = selector
    }
}

/// An ExternalTaskSensor waiting for a task of another DAG.
public struct AirflowSensor: Sendable, Equatable {
    public var externalDAG: String
    public var externalTask: String
    /// The other DAG's schedule when it differs from this DAG's: the sensor then waits for that DAG's latest run
    /// at or before this run's logical date, instead of a run with the same logical date (which would not exist).
    public var externalSchedule: String?
    /// The zone the other DAG's schedule is read in.
    public var externalTimeZone: String

    public init(
        externalDAG: String, externalTask: String, externalSchedule: String? = nil, externalTimeZone: String = "UTC"
    ) {
        self.externalDAG = externalDAG
        self.externalTask = externalTask
        self.externalSchedule = externalSchedule
        self.externalTimeZone = externalTimeZone
    }

    public var id: String { "wait__\(externalDAG)__\(externalTask)" }
}
