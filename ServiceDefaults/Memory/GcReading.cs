namespace DxTrack.ServiceDefaults.Memory;

/// <summary>
/// What the garbage collector reports at one moment: bytes allocated since the process started, and the number
/// of the last full blocking collection (the kind that compacts and gives memory back), 0 before the first.
/// </summary>
public readonly record struct GcReading(long AllocatedBytes, long LastFullBlockingCollection)
{
    public static GcReading Now() =>
        new(GC.GetTotalAllocatedBytes(precise: true), GC.GetGCMemoryInfo(GCKind.FullBlocking).Index);
}
