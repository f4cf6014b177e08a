namespace DisplacementDashboard.Benchmarks.Measurement;

/// <summary>What the managed heap and the process did while one operation ran.</summary>
/// <param name="PeakHeapAfterGc">Largest heap size right after a GC (what survived: the live data), bytes.</param>
/// <param name="PeakHeap">Largest <see cref="GC.GetTotalMemory(bool)"/> seen, garbage not yet collected included, bytes.</param>
/// <param name="PeakWorkingSet">Largest process working set seen (native SQLite cache included), bytes.</param>
/// <param name="Allocated">Bytes allocated by the process during the operation (churn, not retention).</param>
/// <param name="Collections">Gen 0 collections during the operation.</param>
/// <param name="Samples">How many readings were taken.</param>
public sealed record HeapProfile(long PeakHeapAfterGc, long PeakHeap, long PeakWorkingSet, long Allocated, int Collections, int Samples);

/// <summary>
/// Samples the heap on a background thread every few milliseconds while an operation runs, after a forced full GC,
/// so "memory stays flat in the number of rows" can be stated from readings at two sizes.
/// </summary>
public static class HeapSampler
{
    public static async Task<(T Result, HeapProfile Profile)> RunAsync<T>(Func<Task<T>> operation, int intervalMs = 5)
    {
        ArgumentNullException.ThrowIfNull(operation);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var afterGc = 0L;
        var heap = 0L;
        var workingSet = 0L;
        var samples = 0;
        var gen0 = GC.CollectionCount(0);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        using var stop = new CancellationTokenSource();
        var sampler = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                afterGc = Math.Max(afterGc, GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes);
                heap = Math.Max(heap, GC.GetTotalMemory(forceFullCollection: false));
                workingSet = Math.Max(workingSet, Environment.WorkingSet);
                samples++;
                stop.Token.WaitHandle.WaitOne(intervalMs);
            }
        })
        { IsBackground = true, Name = "heap sampler" };
        sampler.Start();
        T result;
        try
        {
            result = await operation();
        }
        finally
        {
            await stop.CancelAsync();
            sampler.Join();
        }

        return (result, new HeapProfile(afterGc, heap, workingSet, GC.GetTotalAllocatedBytes(precise: true) - allocated, GC.CollectionCount(0) - gen0, samples));
    }

    /// <summary>
    /// True when the larger run's peak live heap is within <paramref name="slackBytes"/> plus
    /// <paramref name="slackFactor"/> of the smaller run's: memory does not follow the row count.
    /// </summary>
    public static bool IsFlat(long smallPeak, long largePeak, double slackFactor = 1.25, long slackBytes = 8L * 1024 * 1024) =>
        largePeak <= smallPeak * slackFactor + slackBytes;

    public static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " MB";
}
