// Looks for the checker's files (the expected answer, the program's output)
// from inside the program's sandbox: only its own input may be there.
#include <dirent.h>
#include <iostream>
#include <set>
#include <string>

int main() {
  std::set<std::string> seen;
  for (const char *dir : {"/box/in", "/box", "/tmp"})
    if (DIR *d = opendir(dir)) {
      while (dirent *e = readdir(d))
        if (e->d_name[0] != '.') seen.insert(std::string(dir) + "/" + e->d_name);
      closedir(d);
    }
  for (const auto &s : seen) std::cout << s << "\n";
}
