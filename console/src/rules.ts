/** Form rules made from the domain's own checks, so the browser refuses what the API would. */

/** A field's rule from the domain's check of a filled-in value (the API's own), saying in Chinese what is wrong. */
export const checkedBy = (problemOf: (value: string) => string | null) => ({
  validator: (_: unknown, v?: string) => {
    const problem = v?.trim() ? problemOf(v.trim()) : null;
    return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
  },
});
