using DxTrack.AppHost.Infrastructure;
using DxTrack.AppHost.Services;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure. DxTrack:Mode (containers | local | existing) decides how each server is provided;
// the names are the connection-string names the services read.
var postgres = builder.AddDxPostgres("postgres");
var targetsDb = postgres.AddDatabase("targetsdb");
var submissionsDb = postgres.AddDatabase("submissionsdb");
var notificationsDb = postgres.AddDatabase("notificationsdb");
var gatewayDb = postgres.AddDatabase("gatewaydb");
var bus = builder.AddDxRabbitMQ("messaging");
var cache = builder.AddDxRedis("cache");
var mail = builder.AddDxMail("mail");

// The development token issuer's key, shared by every service (≥ 32 bytes; kept in user secrets once generated).
var signingKey = builder.AddParameter("auth-signing-key",
    new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);
// Production's OpenID Connect provider (Parameters:auth-authority); unset, only the key's tokens are accepted.
var authority = builder.AddDxAuthAuthority();

// Development conveniences (demo data, the token issuer and its dashboard command) never run against existing servers.
var development = builder.Mode() != DxMode.Existing;

// Services: each owns its database, talks to the others only through the bus.
var submissions = builder.AddDxService<Projects.DxTrack_Submissions>("submissions")
    .WithDxAuth(signingKey, authority)
    .WithReference(submissionsDb).WaitFor(submissionsDb)
    .WithReference(bus).WaitFor(bus)
    .WithHttpHealthCheck("/health");

var notifications = builder.AddDxService<Projects.DxTrack_Notifications>("notifications")
    .WithDxAuth(signingKey, authority)
    .WithReference(notificationsDb).WaitFor(notificationsDb)
    .WithReference(bus).WaitFor(bus)
    .WithReference(mail).WaitFor(mail)
    .WithHttpHealthCheck("/health");
// Escalations copy the secretariat: in the demo, Sở TT&TT's mailbox of the demo data (production sets its own).
if (development) notifications.WithEnvironment("Notifications__SecretariatEmail", "stttt@backan.example.gov.vn");

// Targets starts after the services that consume its events, so their queues are bound before
// it publishes anything (the demo data is published at its first start).
var targets = builder.AddDxService<Projects.DxTrack_Targets>("targets")
    .WithDxAuth(signingKey, authority)
    .WithReference(targetsDb).WaitFor(targetsDb)
    .WithReference(bus).WaitFor(bus)
    .WithReference(cache).WaitFor(cache)
    .WaitFor(submissions).WaitFor(notifications)
    .WithEnvironment("Targets__SeedDemoData", development ? "true" : "false")
    .WithHttpHealthCheck("/health");

// The one public entry point: YARP finds the services through service discovery.
var gateway = builder.AddDxService<Projects.DxTrack_Gateway>("gateway")
    .WithDxAuth(signingKey, authority)
    .WithReference(gatewayDb).WaitFor(gatewayDb)
    .WithEnvironment("Auth__DevIssuer__Enabled", development ? "true" : "false")
    .WithReference(targets).WaitFor(targets)
    .WithReference(submissions).WaitFor(submissions)
    .WithReference(notifications).WaitFor(notifications)
    .WithPublicPort(builder.GatewayPort())
    .WithExternalHttpEndpoints()
    .WithUrlForEndpoint("http", endpoint => new() { Url = "/scalar", DisplayText = "API reference" })
    .WithHttpHealthCheck("/health");
if (development) gateway.WithDevTokenCommand(signingKey);

builder.Build().Run();
