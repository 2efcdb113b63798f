namespace DxTrack.Bench.Load;

/// <summary>
/// Turns "accepted at" instants and polled counts into per-item propagation delays. Counts say how many
/// items are visible, not which, so the k-th accepted item is taken as visible at the first poll whose
/// count reaches k (exact when items become visible in the order they were accepted).
/// </summary>
public static class Propagation
{
    public static List<double> Delays(IReadOnlyList<double> acceptedAtMs, IReadOnlyList<(double At, long Count)> polls, out int unseen)
    {
        var accepted = acceptedAtMs.Order().ToList();
        var delays = new List<double>(accepted.Count);
        var p = 0;
        unseen = 0;
        for (var k = 0; k < accepted.Count; k++)
        {
            // First poll at or after the acceptance whose count covers item k (counts never go down here).
            while (p < polls.Count && (polls[p].Count < k + 1 || polls[p].At < accepted[k])) p++;
            if (p == polls.Count)
            {
                unseen = accepted.Count - k;
                break;
            }
            delays.Add(polls[p].At - accepted[k]);
        }
        return delays;
    }
}
