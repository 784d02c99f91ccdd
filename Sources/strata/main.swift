import StrataCLI

await StrataCommand.main()
