var builder = DistributedApplication.CreateBuilder(args);
builder.AddProject<Projects.DxTrack_Targets>("targets");
builder.Build().Run();
