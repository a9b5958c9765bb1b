@echo off
rem 双击打开“领导点评和群众评议统计 工作台”(第一次使用时自动安装)。
chcp 65001 >nul
cd /d "%~dp0"
set "PY="
where py >nul 2>nul && py -3 -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)" >nul 2>nul && set "PY=py -3"
if not defined PY where python >nul 2>nul && python -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)" >nul 2>nul && set "PY=python"
if not defined PY goto nopython
%PY% -c "import dianping_xlsx.desk.app" >nul 2>nul && goto run
echo 第一次使用:正在安装工作台需要的程序,需要联网,约需几分钟……
%PY% -m pip install -e .
if errorlevel 1 goto installfailed
:run
%PY% -m dianping_xlsx desk
if errorlevel 1 pause
goto :eof

:nopython
echo.
echo 这台电脑上没有找到 Python 3.11 或更新的版本,工作台需要它才能运行。
echo.
echo 请这样安装(只需一次):
echo   1. 打开 https://www.python.org/downloads/windows/ ,下载 Python 3.11 或更新版本的
echo      “Windows installer (64-bit)”。单位电脑不能上网时,请信息中心的同志帮忙下载。
echo   2. 运行下载的安装程序,在第一页最下面勾选“Add python.exe to PATH”(添加到 PATH),
echo      并保持“Use admin privileges when installing py.exe”勾选,再点“Install Now”。
echo   3. 安装完成后关闭本窗口,再双击“启动工作台.bat”。
echo.
pause
goto :eof

:installfailed
echo.
echo 安装没有完成(见上面的信息)。常见原因和办法:
echo   · 电脑没有联网,或单位网络不让下载:连上网后再双击“启动工作台.bat”;
echo     也可以请信息中心的同志在能上网的电脑上帮忙安装。
echo   · 提示没有权限:右键“启动工作台.bat”,选“以管理员身份运行”。
echo   · 仍然不行:把本窗口的内容截图发给维护人员。
echo.
pause
