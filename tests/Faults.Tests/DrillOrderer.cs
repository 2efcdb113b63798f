using Xunit.Sdk;
using Xunit.v3;

namespace DxTrack.Faults.Tests;

/// <summary>
/// Runs the drills in their numbered order (<c>Drill1_…</c> to <c>Drill8_…</c>), so the table reads as a
/// run and a failing drill's aftermath is easy to place. Each drill still leaves the system healthy for
/// the next one and does not depend on what ran before it.
/// </summary>
public sealed class DrillOrderer : ITestCaseOrderer
{
    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases)
        where TTestCase : notnull, ITestCase =>
        testCases.OrderBy(t => t.TestMethodName, StringComparer.Ordinal).ToList();
}
