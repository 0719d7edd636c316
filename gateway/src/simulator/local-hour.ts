/** Hour of day (0–24, fractional) at `atMs` in an IANA time zone: the shop's hours are local, not UTC. */
export function localHourFn(timeZone: string): (atMs: number) => number {
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  return (atMs) => {
    let h = 0;
    let m = 0;
    let s = 0;
    for (const part of format.formatToParts(atMs)) {
      if (part.type === "hour") h = Number(part.value);
      else if (part.type === "minute") m = Number(part.value);
      else if (part.type === "second") s = Number(part.value);
    }
    return h + m / 60 + s / 3600;
  };
}
