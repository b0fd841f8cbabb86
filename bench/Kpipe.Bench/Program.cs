Console.Error.WriteLine("kpipe bench: no benchmarks yet");
return 1;
