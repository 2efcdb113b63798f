namespace DxTrack.Deploy.Tests;

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Aspire.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (the folder of Aspire.sln) is not above " + AppContext.BaseDirectory);
    }
}
