import ArgumentParser
import Foundation

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a small working project in a new folder.")

    @Argument(help: "The folder to create.")
    var directory: String

    func run() async throws {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: directory), let contents = try? fileManager.contentsOfDirectory(atPath: directory), !contents.isEmpty {
            StandardError.write("error: '\(directory)' exists and is not empty [P1070]\n   = help: choose a new folder name\n")
            throw ExitCode(2)
        }
        let name = URL(fileURLWithPath: directory).lastPathComponent.replacingOccurrences(of: "-", with: "_")
        for (path, text) in ProjectTemplate.files(name: name) {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(path)
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        StandardError.write("""
            Created project '\(name)' in \(directory)
            Next:
              strata build --project-dir \(directory)
              strata query --project-dir \(directory) "select * from mart.customer_orders"

            """)
    }
}

/// The files `strata init` writes: a plain-layout project with one seed schema, a core view and a mart table.
enum ProjectTemplate {
    static func files(name: String) -> [(String, String)] {
        [
            ("strata.yml", "name: \(name)\n"),
            (".gitignore", "target/\n"),
            ("seeds/raw/customers.csv", "id,name,country,signed_up\n1,Ada,GB,2024-01-05\n2,Grace,US,2024-02-11\n3,Linus,FI,2024-03-20\n"),
            ("seeds/raw/orders.csv", "id,customer_id,amount,ordered_at\n1,1,120.50,2024-02-01\n2,1,35.00,2024-03-15\n3,2,99.90,2024-03-16\n4,3,12.00,2024-04-02\n"),
            ("models/core/customers.sql", """
                /*---
                description: One row per customer.
                columns:
                  customer_id: Unique customer identifier.
                ---*/
                select id as customer_id, name, country, signed_up
                from raw.customers

                """),
            ("models/core/orders.sql", """
                /*---
                description: One row per order.
                ---*/
                select id as order_id, customer_id, amount, ordered_at
                from raw.orders

                """),
            ("models/mart/customer_orders.sql", """
                /*---
                description: Orders and revenue per customer.
                materialized: table
                ---*/
                select c.customer_id, c.name, count(o.order_id) as orders, coalesce(sum(o.amount), 0) as revenue
                from core.customers c
                left join core.orders o on o.customer_id = c.customer_id
                group by c.customer_id, c.name

                """),
        ]
    }
}
