using Xunit.Sdk;
using Xunit.v3;

namespace DxTrack.Faults.Tests;

/// <summary>
/// Runs the drills in their numbered order (<c>Drill1_…</c>, <c>Drill2_…</c> … <c>Drill10_…</c>), so the table reads as a
/// run and a failing drill's aftermath is easy to place. Each drill still leaves the system healthy for
/// the next one and does not depend on what ran before it.
/// </summary>
public sealed class DrillOrderer : ITestCaseOrderer
{
    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases)
        where TTestCase : notnull, ITestCase =>
        testCases.OrderBy(t => Number(t.TestMethodName)).ThenBy(t => t.TestMethodName, StringComparer.Ordinal).ToList();

    /// <summary>The drill's number (<c>Drill10_…</c> is 10, after 9), or last for a method that is not a drill.</summary>
    static int Number(string? method) =>
        method is not null && method.StartsWith("Drill", StringComparison.Ordinal) &&
        int.TryParse(new string(method.Skip(5).TakeWhile(char.IsDigit).ToArray()), out var n) ? n : int.MaxValue;
}
