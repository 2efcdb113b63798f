using System.Net;
using DxTrack.Contracts;
using DxTrack.TestSupport;

namespace DxTrack.Submissions.Tests;

[Collection(SubmissionsCollection.Name)]
public sealed class ReplicaTests(SubmissionsHost host)
{
    [Fact]
    public async Task A_reschedule_that_arrives_before_its_obligation_is_retried_until_the_obligation_is_replicated()
    {
        var agency = $"O{Guid.NewGuid():N}"[..12];
        var now = host.Clock.GetUtcNow();
        var opened = new ObligationOpened(Guid.NewGuid(), agency, ObligationSubject.Task, Guid.NewGuid(), "NV-01",
            "Triển khai nền tảng", "2026-Q4", now.AddDays(5), null, now);
        var newDue = now.AddDays(20);

        await host.PublishAsync(new ObligationRescheduled(opened.ObligationId, agency, opened.DueAt, newDue, now.AddMinutes(1)));
        await Eventually.Until(() => Task.FromResult(host.Logs.Any(l => l.Contains("ReplicaNotReadyException") && l.Contains(opened.ObligationId.ToString()))),
            because: "the reschedule should have been tried and refused for lack of the obligation");
        Assert.Equal(0, await host.CountAsync("obligations", $"\"Id\" = '{opened.ObligationId}'"));

        await host.PublishAsync(opened);

        await Eventually.Until(async () => await host.CountAsync("obligations",
                $"\"Id\" = '{opened.ObligationId}' and \"DueAt\" = '{newDue:O}'") == 1,
            because: "the retried reschedule should apply once the obligation is there");
    }

    [Fact]
    public async Task An_event_whose_obligation_never_arrives_is_parked_in_the_error_queue()
    {
        var orphan = Guid.NewGuid();
        await host.PublishAsync(new ObligationCancelled(orphan, "NOBODY", "Plan superseded", host.Clock.GetUtcNow()));

        await Eventually.Until(async () =>
            {
                var errorQueue = (await host.Broker.QueueNamesAsync())
                    .SingleOrDefault(q => q.Contains("cancel-obligation") && q.EndsWith("_error"));
                return errorQueue is not null && (await host.Broker.QueueAsync(errorQueue))?.Messages >= 1;
            },
            timeout: TimeSpan.FromSeconds(60), because: "the message should be parked after its retries");
        Assert.Equal(0, await host.CountAsync("obligations", $"\"Id\" = '{orphan}'"));
    }

    [Fact]
    public async Task A_submission_after_the_due_instant_is_accepted_and_marked_late()
    {
        var agency = $"O{Guid.NewGuid():N}"[..12];
        var obligation = await host.OpenObligationAsync(agency, dueAt: host.Clock.GetUtcNow().AddHours(1));
        host.Clock.Advance(TimeSpan.FromHours(2));

        var response = await host.Reporter(agency).PostJsonAsync("/api/submissions",
            new { obligationId = obligation.ObligationId, progress = new { status = "InProgress", percentComplete = 10 } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadAsync();
        Assert.True((bool)body["isLate"]!);
        var list = await (await host.Secretariat().GetAsync($"/api/submissions?agency={agency}&late=true",
            TestContext.Current.CancellationToken)).ReadAsync();
        Assert.Equal(1, (int)list["total"]!);
        await Eventually.Until(async () => await host.CountAsync("outbox_messages",
            $"body->>'submissionId' = '{body["id"]}' and (body->>'isLate')::bool") == 1);
    }

    [Fact]
    public async Task Lateness_is_judged_against_the_rescheduled_due_instant()
    {
        var agency = $"O{Guid.NewGuid():N}"[..12];
        var now = host.Clock.GetUtcNow();
        var obligation = await host.OpenObligationAsync(agency, dueAt: now.AddHours(1));
        await host.PublishAsync(new ObligationRescheduled(obligation.ObligationId, agency, obligation.DueAt, now.AddDays(7), now));
        await Eventually.Until(async () => await host.CountAsync("obligations",
            $"\"Id\" = '{obligation.ObligationId}' and \"DueAt\" = '{now.AddDays(7):O}'") == 1);
        host.Clock.Advance(TimeSpan.FromHours(2));

        var response = await host.Reporter(agency).PostJsonAsync("/api/submissions",
            new { obligationId = obligation.ObligationId, progress = new { status = "InProgress", percentComplete = 10 } });

        Assert.False((bool)(await response.ReadAsync())["isLate"]!);
    }

    [Fact]
    public async Task An_older_agency_change_arriving_late_does_not_overwrite_a_newer_one()
    {
        var code = $"AG{Guid.NewGuid():N}"[..12];
        var now = host.Clock.GetUtcNow();
        await host.PublishAsync(new AgencyChanged(code, "Sở mới", AgencyKind.Department, null, false, [], 2, now));
        await Eventually.Until(async () => await host.CountAsync("agencies", $"\"Code\" = '{code}' and \"Version\" = 2") == 1);
        await host.PublishAsync(new AgencyChanged(code, "Sở cũ", AgencyKind.Department, null, true, [], 1, now.AddMinutes(-5)));
        await host.PublishAsync(new AgencyChanged(code, "Sở mới", AgencyKind.Department, null, false, [], 3, now));
        await Eventually.Until(async () => await host.CountAsync("agencies", $"\"Code\" = '{code}' and \"Version\" = 3") == 1);

        Assert.Equal(1, await host.CountAsync("agencies", $"\"Code\" = '{code}' and not \"IsActive\" and \"Name\" = 'Sở mới'"));
    }
}
