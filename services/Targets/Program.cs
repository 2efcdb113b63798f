using DxTrack.Messaging.Audit;
using DxTrack.Messaging;
using DxTrack.ServiceDefaults.Security;
using DxTrack.Targets.Agencies;
using DxTrack.Targets.Dashboard;
using DxTrack.Targets.Data;
using DxTrack.Targets.Indicators;
using DxTrack.Targets.Obligations;
using DxTrack.Targets.Pillars;
using DxTrack.Targets.Plans;
using DxTrack.Targets.Tasks;
using DxTrack.Targets;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDxAuthentication();
builder.AddDxDatabase<TargetsDb>("targetsdb");
builder.AddDxMessaging<TargetsDb>("targets", bus =>
{
    bus.AddBatchConsumer<FulfilObligationConsumer>();
    bus.AddConsumer<RecordAcceptedSubmissionConsumer>();
    bus.AddConsumer<ReopenObligationConsumer>();
});
builder.AddTargets();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapAuditTrail<TargetsDb>("/api/targets", DxPolicies.Admin);
app.MapAgencies();
app.MapPlans();
app.MapPillars();
app.MapIndicators();
app.MapTasks();
app.MapObligations();
app.MapDashboard();
app.Run();

public partial class Program;
