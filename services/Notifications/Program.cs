using DxTrack.Messaging;
using DxTrack.Messaging.Audit;
using DxTrack.Notifications;
using DxTrack.Notifications.Agencies;
using DxTrack.Notifications.Obligations;
using DxTrack.Notifications.Reminders;
using DxTrack.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDxAuthentication();
builder.AddDxDatabase<NotificationsDb>("notificationsdb");
builder.AddDxMessaging<NotificationsDb>("notifications", bus =>
{
    bus.AddConsumer<ReplicateAgencyConsumer>();
    bus.AddBatchConsumer<OpenObligationConsumer>();
    bus.AddConsumer<RescheduleObligationConsumer>();
    bus.AddConsumer<CancelObligationConsumer>();
    bus.AddBatchConsumer<FulfilObligationConsumer>();
    bus.AddConsumer<ReopenObligationConsumer>();
});
builder.AddNotifications();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapAuditTrail<NotificationsDb>("/api/notifications", DxPolicies.Admin);
app.MapObligations();
app.MapReminders();
app.MapAgencyPreferences();
app.Run();

public partial class Program;
