namespace DxTrack.Messaging;

/// <summary>PostgreSQL advisory-lock keys named by what they guard, the same in every process.</summary>
public static class AdvisoryLockKey
{
    /// <summary>The key for <paramref name="name"/>: its FNV-1a hash (string.GetHashCode differs between processes).</summary>
    public static long For(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return unchecked((long)hash);
    }
}
