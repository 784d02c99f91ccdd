#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import StrataCLI

// A parent may start us with signals blocked (Foundation's Process on Linux passes on the mask of the thread that
// spawned it, and Dispatch's worker threads block nearly everything). Unblocked here for the threads this one
// starts; Dispatch blocks them again in its own threads, so the run's Ctrl-C handling (Interruption) also waits on
// a thread of its own that unblocks them.
var stopSignals = sigset_t()
sigemptyset(&stopSignals)
for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&stopSignals, signal) }
sigprocmask(SIG_UNBLOCK, &stopSignals, nil)

#if canImport(Glibc)
// A compile allocates and frees hundreds of megabytes in bursts. glibc's defaults hand the top of the heap back
// after each burst and map large buffers afresh, so the next burst faults every page in again: a quarter of a
// 10,000-model parse's system time. Keep up to 512 MB of freed heap, grow it in 64 MB steps, and serve buffers
// under 32 MB from the heap. (`mallopt` is in malloc.h, which the Glibc module leaves out: looked up instead.)
if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
    typealias MallocOption = @convention(c) (Int32, Int32) -> Int32
    let mallopt = unsafeBitCast(symbol, to: MallocOption.self)
    let trimThreshold: Int32 = -1, topPad: Int32 = -2, mmapThreshold: Int32 = -3  // M_* in malloc.h
    _ = mallopt(trimThreshold, 512 << 20)
    _ = mallopt(topPad, 64 << 20)
    _ = mallopt(mmapThreshold, 32 << 20)
}
#endif

await StrataCommand.runFromCommandLine()
