/**
 * Exit codes of every auditlogs command, one per kind of failure, so scripts can react
 * (`auditlogs sources --help` lists them). A core error's exit code comes from the core's
 * `ERROR_TABLE` (`error.codeInfo.exitCode`); these names are for the CLI's own failures and for
 * comparisons. Hosts can't override them: oclif only applies `exitCodes` of the root CLI, so each
 * error carries its number explicitly.
 */
export const EXIT_CODES = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  config: 3,
  auth: 4,
  rateLimit: 5,
  network: 6,
  vendor: 7,
  partial: 8,
  incomplete: 9,
  interrupted: 130,
} as const;

export const EXIT_CODES_HELP = `EXIT CODES
  0    success
  1    unexpected error
  2    usage: bad flags, arguments or time range
  3    configuration: missing or invalid config file, source or state file
  4    authentication or permission refused by the vendor (401/403)
  5    rate limit: the vendor kept throttling until the retry budget ran out
  6    network: connection failed or timed out
  7    vendor error: 5xx after retries, malformed or unexpected responses
  8    partial: some sources failed, the others succeeded
  9    incomplete: a read could not show it delivered every record of its window (what it
       delivered is kept; see the completeness lines on stderr)
  130  interrupted (Ctrl-C); state files keep the last committed position`;
