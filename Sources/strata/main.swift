#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import StrataCLI

// A parent may start us with signals blocked (Foundation's Process on Linux passes on the mask of the thread that
// spawned it, and Dispatch's worker threads block nearly everything): Ctrl-C and SIGTERM would then never arrive.
// Unblocked here, before any thread exists, so every thread started later inherits the unblocked mask.
var stopSignals = sigset_t()
sigemptyset(&stopSignals)
for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&stopSignals, signal) }
sigprocmask(SIG_UNBLOCK, &stopSignals, nil)

await StrataCommand.runFromCommandLine()
