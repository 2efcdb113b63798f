using DxTrack.Messaging;
using DxTrack.Messaging.Audit;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Submissions;
using DxTrack.Submissions.Compliance;
using DxTrack.Submissions.Idempotency;
using DxTrack.Submissions.Replica;
using DxTrack.Submissions.Reports;
using DxTrack.Submissions.Review;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDxAuthentication();
builder.AddDxDatabase<SubmissionsDb>("submissionsdb");
builder.AddDxMessaging<SubmissionsDb>("submissions", bus =>
{
    bus.AddBatchConsumer<OpenObligationConsumer>();
    bus.AddConsumer<RescheduleObligationConsumer>();
    bus.AddConsumer<CancelObligationConsumer>();
    bus.AddConsumer<ReplicateAgencyConsumer>();
});
builder.AddSubmissions();

var app = builder.Build();
app.UseServiceDefaults();
app.UseIdempotencyBuffering();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapAuditTrail<SubmissionsDb>("/api/submissions", DxPolicies.Admin);
app.MapCompliance();
app.MapSubmissions();
app.MapReview();
app.Run();

public partial class Program;
