/**
 * How many answers in a row that do not fit the request (records outside the bounds sent) a read
 * takes before it believes the server ignores the bounds. One such answer may be a cache or proxy
 * repeating another request's answer; asking again tells the two apart.
 */
export const REPLAYED_ANSWER_ATTEMPTS = 3;
