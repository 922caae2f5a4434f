export async function startRepl(_o: { format: string; explain: boolean }): Promise<number> { return 0; }
