using System.Net;
using DxTrack.Contracts;
using DxTrack.TestSupport;

namespace DxTrack.Submissions.Tests;

[Collection(SubmissionsCollection.Name)]
public sealed class SkeletonSliceTests(SubmissionsHost host)
{
    [Fact]
    public async Task A_reporter_of_the_obligations_agency_submits_progress_and_SubmissionReceived_is_published()
    {
        var agency = $"A{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency);

        var response = await host.Reporter(agency).PostJsonAsync("/api/submissions", new
        {
            obligationId = obligation.ObligationId,
            progress = new { status = "InProgress", percentComplete = 40, note = "Đang triển khai" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadAsync();
        Assert.Equal(1, (int)body["revision"]!);
        Assert.False((bool)body["isLate"]!);
        Assert.Equal("Submitted", (string)body["status"]!);
        var id = (string)body["id"]!;
        Assert.Equal($"/api/submissions/{id}", response.Headers.Location?.OriginalString);
        await Eventually.Until(async () => await host.CountAsync("outbox_messages",
                $"message_type like 'DxTrack.Contracts.SubmissionReceived,%' and body->>'submissionId' = '{id}' and dispatched_at is not null") == 1,
            because: "SubmissionReceived should be published through the outbox");
    }
}
