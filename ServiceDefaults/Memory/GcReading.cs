namespace DxTrack.ServiceDefaults.Memory;

/// <summary>
/// What the garbage collector reports at one moment: bytes allocated since the process started, and how much
/// the old generations (gen2 and the large-object heap) hold now and held after the last full collection.
/// </summary>
public readonly record struct GcReading(long AllocatedBytes, long OldBytes, long OldBytesAfterFullCollection)
{
    const int Gen2 = 2, LargeObjects = 3;

    /// <summary>Growth of the old generations since the last full collection: objects promoted since, live or dead.</summary>
    public long OldGrowthBytes => Math.Max(0, OldBytes - OldBytesAfterFullCollection);

    public static GcReading Now()
    {
        var full = Latest(GC.GetGCMemoryInfo(GCKind.FullBlocking), GC.GetGCMemoryInfo(GCKind.Background));
        return new GcReading(GC.GetTotalAllocatedBytes(), Occupied(GC.GetGCMemoryInfo(GCKind.Any)),
            full.Index == 0 ? 0 : Occupied(full));
    }

    static GCMemoryInfo Latest(GCMemoryInfo a, GCMemoryInfo b) => a.Index >= b.Index ? a : b;

    // Free space left by a sweep is reusable, not growth: count what objects occupy.
    static long Occupied(GCMemoryInfo info)
    {
        var generations = info.GenerationInfo;
        if (generations.Length <= LargeObjects) return 0;
        return generations[Gen2].SizeAfterBytes - generations[Gen2].FragmentationAfterBytes +
               generations[LargeObjects].SizeAfterBytes - generations[LargeObjects].FragmentationAfterBytes;
    }
}
