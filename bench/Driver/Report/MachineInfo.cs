namespace DxTrack.Bench.Report;

/// <summary>The machine the run happened on, and how busy it was (others share it).</summary>
public sealed record MachineInfo(int Cores, long MemoryMb, string Os, string Runtime,
    double LoadAverageAtStart, double LoadAverageAtEnd)
{
    public static MachineInfo Read(double loadAtStart) => new(
        Environment.ProcessorCount,
        ReadMemInfoMb("MemTotal"),
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        loadAtStart,
        LoadAverage());

    /// <summary>The one-minute load average (0 where /proc is not available).</summary>
    public static double LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }

    static long ReadMemInfoMb(string key)
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
        }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }
}
